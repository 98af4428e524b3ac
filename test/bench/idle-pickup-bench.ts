import { join } from "node:path";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { Engine } from "../../core/engine/engine.ts";
import type { Store } from "../../core/ports/store.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { tempDir } from "../support/temp-dir.ts";
import { benchEngine } from "./bench-engine.ts";
import { percentile, round } from "./bench-math.ts";
import type { BenchResult } from "./run.ts";

const SAMPLES = Number(process.env.BENCH_PICKUP_SAMPLES ?? 200);
/** The target: a pending job on an idle worker is picked up within this, p99. */
const TARGET_MS = 20;

/**
 * Idle pickup latency: a worker engine at rest (default 1 s poll) and jobs queued one at a time,
 * each after the previous one completed, (a) through the same engine (a front end in the worker's
 * process: woken directly) and (b) through a second connection to the same file, standing for
 * another process (woken by the store's watchQueue). Latency is submit answered -> job leased
 * (the job's startedAt), so it is what a person waits before their job starts.
 */
export async function idlePickupBench(): Promise<BenchResult[]> {
  const dir = tempDir("pixorly-pickup-");
  const file = join(dir.path, "pixorly.db");
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost:3000" });
  const workerStore = createSqliteStore({ file });
  const frontStore = createSqliteStore({ file });
  const worker = benchEngine({ store: workerStore, storage });
  const front = benchEngine({ store: frontStore, storage });
  try {
    worker.start();
    const local = await measure(worker, worker, workerStore);
    const remote = await measure(front, worker, workerStore);
    return [
      result("idle-pickup-same-process-p99", local),
      result("idle-pickup-other-process-p99", remote),
    ];
  } finally {
    await worker.stop(1_000);
    await workerStore.close();
    await frontStore.close();
    dir.remove();
  }
}

function result(name: string, samples: number[]): BenchResult {
  const p99 = percentile(samples, 99);
  return {
    name,
    unit: "ms",
    value: round(p99, 2),
    baseline: TARGET_MS,
    ratio: round(p99 / TARGET_MS, 2),
    p50: round(percentile(samples, 50), 2),
    samples: samples.length,
    loadAverage: loadavg().map((n) => round(n, 2)),
    target: `p99 < ${TARGET_MS} ms`,
  };
}

async function measure(submitter: Engine, worker: Engine, store: Store): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const finished = new Promise<void>((resolve) => {
      const onJob = (view: { job: { status: string } }) => {
        if (view.job.status === "completed") {
          worker.delivery.events.off("job", onJob);
          resolve();
        }
      };
      worker.delivery.events.on("job", onJob);
    });
    // Let the worker fall asleep (its claim found nothing) before the next job arrives.
    await new Promise((r) => setTimeout(r, 5));
    const submitted = await submitter.submit({
      actor: { platform: "discord", workspaceExternalId: "w", workspaceName: "w", userExternalId: "u", userName: null, platformAdmin: false },
      source: "discord",
      idempotencyKey: `pickup-${samples.length}-${performance.now()}`,
      channelKey: null,
      replyTarget: null,
      request: { prompt: `pickup ${i}` },
    });
    const answeredAt = Date.now();
    if (!submitted.ok) throw new Error(`pickup submit rejected: ${submitted.error.code}`);
    await finished;
    const job = await store.jobs.get(submitted.value.job.id);
    samples.push(Math.max(0, job!.startedAt! - answeredAt));
  }
  return samples;
}
