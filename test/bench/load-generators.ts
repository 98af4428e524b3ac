import { Agent, request } from "node:http";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { percentile } from "./bench-math.ts";

/** A pre-signed request body and headers, replayed by the load generators. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** The slice of autocannon's API used here (the package ships no types). */
export interface AutocannonResult {
  requests: { average: number; total: number };
  /** Seconds the run actually took. */
  duration: number;
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  /** This process's CPU (user + system) during the run, load generator included: compare sides, not absolutes. */
  cpuMs?: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; path: string; setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

export interface LoadTarget {
  /** Base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  path: string;
  requests: readonly SignedRequest[];
  /** Shared cursor, so successive runs never replay a request (each is a distinct event). */
  next: { i: number };
  connections: number;
  /** Names the bench in error messages. */
  label: string;
}

/** Closed loop at full speed: throughput and latency under saturation (and the CPU it took). Any failure aborts. */

/** CPU ms per answered request over runs (the load generator's share included, alike on every side). */
export function cpuPerRequest(runs: AutocannonResult[]): number {
  return runs.reduce((n, r) => n + (r.cpuMs ?? 0), 0) / Math.max(1, runs.reduce((n, r) => n + r.requests.total, 0));
}

/**
 * BENCH_PROFILE=<dir> writes a CPU profile of every saturation run (warm-ups included, numbered
 * in order) to <dir>/<n>-<port>.cpuprofile, so one side's run can be read alone, as with
 * `node --cpu-prof` but without the other sides. The profiler's cost lands in that run's CPU figure.
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;
let profiled = 0;

async function profiling(target: LoadTarget): Promise<(() => Promise<void>) | null> {
  if (!PROFILE_DIR) return null;
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(join(PROFILE_DIR, `${++profiled}-${new URL(target.url).port}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

/** Requests per second over all the runs; latency percentiles as the median run's. */
export function summarize(runs: AutocannonResult[]) {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    rate: runs.reduce((n, r) => n + r.requests.total, 0) / runs.reduce((s, r) => s + r.duration, 0),
    p50: median(runs.map((r) => r.latency.p50)),
    p99: median(runs.map((r) => r.latency.p99)),
  };
}

/**
 * `slices` one-second saturation runs of each target, taking turns (a, b, c, a, b, c, ...), so
 * a noisy neighbour on the machine hits every side alike instead of whichever ran during it.
 */
export async function interleaved(targets: LoadTarget[], slices: number): Promise<AutocannonResult[][]> {
  const runs = targets.map((): AutocannonResult[] => []);
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, target] of targets.entries()) runs[i]!.push(await saturate(target, 1));
  }
  return runs;
}

export async function saturate(target: LoadTarget, seconds: number): Promise<AutocannonResult> {
  const { requests, next } = target;
  const stopProfile = await profiling(target);
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: target.url,
    connections: target.connections,
    duration: seconds,
    requests: [{ method: "POST", path: target.path, setupRequest: (req) => ({ ...req, ...requests[next.i++ % requests.length]! }) }],
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`${target.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts against ${target.url}`);
  }
  const cpu = process.cpuUsage(cpuBefore);
  await stopProfile?.();
  return { ...result, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Open loop at a fixed rate, one request every 1000/rate ms, each latency measured from when it
 * was due (a stall counts against every request it delayed). autocannon's own rate limit sends
 * each second's quota in one burst, which measures bursts, not a steady rate.
 */
export async function steady(target: LoadTarget, rate: number, seconds: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: target.connections });
  const latencies: number[] = [];
  const total = rate * seconds;
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  const fire = (dueAt: number) => {
    const signed = target.requests[target.next.i++ % target.requests.length]!;
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(`${target.url}${target.path}`, { method: "POST", headers: signed.headers, agent }, (res) => {
          res.resume();
          res.on("end", () => {
            if (res.statusCode !== 200) failures++;
            latencies.push(performance.now() - dueAt);
            resolve();
          });
        });
        req.on("error", () => {
          failures++;
          resolve();
        });
        req.end(signed.body);
      }),
    );
  };
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) fire(start + (sent * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  if (failures) throw new Error(`${target.label}: ${failures} failed requests against ${target.url}`);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: total, achieved: total / ((performance.now() - start) / 1000) };
}
