import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { createSignatureVerifier } from "../../bots/discord/verify-signature.ts";
import { ModelCatalog } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS } from "../../core/engine/engine-options.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { systemClock } from "../../core/ports/clock.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { startFakeDiscord } from "../discord/fake-discord.ts";
import { APP_ID, BOT_TOKEN, slashCommand } from "../discord/interactions.ts";
import { tempDir } from "../support/temp-dir.ts";
import { percentile } from "./percentile.ts";
import type { BenchResult } from "./run.ts";

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; path: string; setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => Promise<AutocannonResult>;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const FIXED_RATE = 500;
const GUILDS = 50;
const MEMBERS = 20;

interface Signed {
  body: string;
  headers: Record<string, string>;
}

/** Snowflakes are beyond 2^53, so they are built as strings. */
const snowflake = (prefix: number, n: number) => `${prefix}${String(n).padStart(17, "0")}`;

/** Signed /imagine interactions, each with its own id (a repeat would take the cheaper duplicate path). */
function signedInteractions(privateKey: KeyObject, count: number): Signed[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify(
      slashCommand("imagine", { prompt: `bench lighthouse ${i}` }, { guildId: snowflake(2, i % GUILDS), userId: snowflake(4, Math.floor(i / GUILDS) % MEMBERS) }),
    );
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString("hex");
    return { body, headers: { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp } };
  });
}

/** Closed loop at full speed: throughput and latency under saturation. */
async function saturate(url: string, requests: Signed[], next: { i: number }, duration = SECONDS): Promise<AutocannonResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      {
        method: "POST",
        path: "/discord/interactions",
        setupRequest: (req) => ({ ...req, ...requests[next.i++ % requests.length]! }),
      },
    ],
  });
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(`discord bench: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts against ${url}`);
  }
  return result;
}

/**
 * Open loop at a fixed rate, one request every 1000/rate ms, each latency measured from when it
 * was due (so a stall counts against every request it delayed). autocannon's own rate limit
 * sends each second's quota in one burst, which measures bursts, not a steady rate.
 */
async function steady(url: string, requests: Signed[], next: { i: number }, rate: number, seconds = SECONDS) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const total = rate * seconds;
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  const fire = (dueAt: number) => {
    const signed = requests[next.i++ % requests.length]!;
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = request(`${url}/discord/interactions`, { method: "POST", headers: signed.headers, agent }, (res) => {
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
  if (failures) throw new Error(`discord bench: ${failures} failed requests against ${url}`);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), achieved: total / ((performance.now() - start) / 1000) };
}

/**
 * The /imagine ack path: signed interactions against POST /discord/interactions on the
 * product's HTTP server (verify, parse, engine.submit on SQLite, reply), workers off and a fake
 * Discord behind the REST client, next to a bare node:http server that verifies the same
 * signature and returns the same reply, in the same process and run: first a steady 500 req/s
 * (p99), then saturation (throughput, p50). The load generators run in this process too, so
 * both sides share their overhead. 127.0.0.1 only; BENCH_SECONDS sets each run's length.
 */
export async function discordBench(): Promise<BenchResult[]> {
  const dir = tempDir("pixorly-discord-bench-");
  const keys = generateKeyPairSync("ed25519");
  const publicKeyHex = keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  const logger = createLogger({ level: "silent", format: "json" });
  const fake = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN });
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://127.0.0.1" });
  const engine = new Engine({
    ...ENGINE_DEFAULTS,
    store,
    storage,
    providers: new Map([["local", createLocalProvider({})]]),
    catalog: ModelCatalog.forProviders(["local"]),
    logger,
    clock: systemClock,
    random: Math.random,
    defaultPlan: "ENTERPRISE",
    adminUserIds: [],
    workerId: "bench",
    retryPolicy: DEFAULT_RETRY_POLICY,
  });
  const http = createHttpServer({ logger, storage });
  const edge = await startDiscord({
    config: { DISCORD_API_URL: fake.apiUrl, DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_APPLICATION_ID: APP_ID, DISCORD_TOKEN: undefined },
    engine,
    storage,
    http,
    logger,
    publicUrl: () => "http://127.0.0.1",
  });

  const verify = createSignatureVerifier(publicKeyHex);
  let bareReply = "";
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const ok = verify(String(req.headers["x-signature-ed25519"]), String(req.headers["x-signature-timestamp"]), Buffer.concat(chunks));
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json", "content-length": Buffer.byteLength(bareReply) });
      res.end(bareReply);
    });
  });

  try {
    engine.start({ workers: false });
    const product = `http://127.0.0.1:${(await http.listen(0, "127.0.0.1")).port}`;
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

    // Enough distinct interactions for the product's runs at up to ~4,000 req/s.
    const requests = signedInteractions(keys.privateKey, Math.ceil(4_000 * (SECONDS + 1) + FIXED_RATE * SECONDS));
    // The bare server answers with exactly what the product answers.
    const sample = requests[0]!;
    bareReply = await (await fetch(`${product}/discord/interactions`, { method: "POST", headers: sample.headers, body: sample.body })).text();
    if (!bareReply.includes("Queued")) throw new Error(`discord bench: the first /imagine was not accepted: ${bareReply}`);
    const productNext = { i: 1 };
    const bareNext = { i: 0 };

    // Warm-up (discarded): JIT, and every workspace and member created once.
    await saturate(product, requests, productNext, 1);
    await saturate(bareUrl, requests, bareNext, 1);
    const productFixed = await steady(product, requests, productNext, FIXED_RATE);
    const bareFixed = await steady(bareUrl, requests, bareNext, FIXED_RATE);
    const productMax = await saturate(product, requests, productNext);
    const bareMax = await saturate(bareUrl, requests, bareNext);
    // Every ack should be a real submit, not a cheaper rejection or duplicate.
    const workspaces = await store.workspaces.list();
    const jobs = await Promise.all(workspaces.map((w) => store.jobs.list({ workspaceId: w.id, limit: 1_000_000 })));
    const accepted = jobs.reduce((n, list) => n + list.length, 0);

    return [
      {
        name: "discord-ack-throughput",
        unit: "req/s",
        value: round(productMax.requests.average),
        baseline: round(bareMax.requests.average),
        ratio: round(productMax.requests.average / bareMax.requests.average, 3),
        connections: CONNECTIONS,
        seconds: SECONDS,
        accepted,
        sent: productNext.i,
        target: "ratio >= 0.7",
      },
      {
        name: "discord-ack-p50",
        unit: "ms",
        value: productMax.latency.p50,
        baseline: bareMax.latency.p50,
        ratio: round(productMax.latency.p50 / Math.max(bareMax.latency.p50, 1), 2),
        load: `max, ${CONNECTIONS} connections`,
      },
      {
        name: "discord-ack-p99-at-500rps",
        unit: "ms",
        value: round(productFixed.p99, 2),
        baseline: round(bareFixed.p99, 2),
        ratio: round(productFixed.p99 / bareFixed.p99, 2),
        p50: round(productFixed.p50, 2),
        achieved: round(productFixed.achieved),
        target: "p99 < 50 ms at 500 req/s",
      },
    ];
  } finally {
    await edge?.stop();
    await http.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await engine.stop(0);
    await store.close();
    await fake.close();
    dir.remove();
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
