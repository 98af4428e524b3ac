import { benchEngine } from "./bench-engine.ts";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ENGINE_DEFAULTS } from "../../core/engine/engine-options.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createS3Storage } from "../../core/storage/s3-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { S3RVER_CREDENTIALS } from "../support/s3rver.ts";
import { tempDir } from "../support/temp-dir.ts";
import { round } from "./bench-math.ts";
import type { BenchResult } from "./run.ts";

const JOBS = 100;
const IMAGE_BYTES = 4 * 1024 * 1024;
const BUCKET = "pixorly-bench";
const MB = 1024 * 1024;

async function startChildS3rver(): Promise<{ endpoint: string; stop: () => void }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "s3rver-child.ts")], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
  const { endpoint } = JSON.parse(line!) as { endpoint: string };
  return { endpoint, stop: () => child.stdin!.end() };
}

/**
 * 100 jobs, each a 4 MB image, through the S3 adapter to s3rver (its own process) with the
 * product's default worker concurrency. Baseline: the same bytes put straight through the AWS
 * SDK at the same concurrency. The product process's peak RSS is reported against its RSS
 * before the run (target: under 400 MB).
 */
export async function s3Bench(): Promise<BenchResult[]> {
  const s3rver = await startChildS3rver();
  const dir = tempDir("pixorly-s3-bench-");
  const image = new Uint8Array(randomBytes(IMAGE_BYTES));
  try {
    const storageOptions = {
      bucket: BUCKET,
      region: "us-east-1",
      endpoint: s3rver.endpoint,
      forcePathStyle: true,
      checksums: "WHEN_REQUIRED" as const,
      prefix: "images/",
      credentials: S3RVER_CREDENTIALS,
    };
    const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
    const engine = benchEngine({
      store,
      storage: createS3Storage(storageOptions),
      provider: createLocalProvider({ fixedImage: { bytes: image, contentType: "image/png", width: 2048, height: 2048 } }),
      pollIntervalMs: 5,
    });
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

    const done = new Set<string>();
    const drained = new Promise<void>((resolve) =>
      engine.delivery.events.on("job", (view) => {
        if (view.job.status === "completed" || view.job.status === "failed") done.add(view.job.id);
        if (done.size === JOBS) resolve();
      }),
    );
    const start = performance.now();
    engine.start();
    for (let i = 0; i < JOBS; i++) {
      const submitted = await engine.submit({
        actor: { platform: "discord", workspaceExternalId: `w${i % 5}`, workspaceName: "bench", userExternalId: `u${i}`, userName: null, platformAdmin: false },
        source: "discord",
        idempotencyKey: `s3-${i}`,
        channelKey: null,
        replyTarget: null,
        request: { prompt: `s3 bench ${i}` },
      });
      if (!submitted.ok) throw new Error(submitted.error.message);
    }
    await drained;
    const engineSeconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    await engine.stop(1_000);
    await store.close();
    const failed = [...done].length - JOBS;

    // Baseline: the same uploads straight through the SDK, same concurrency.
    const client = new S3Client({ ...storageOptions, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    const baseStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: ENGINE_DEFAULTS.workerConcurrency }, async () => {
        while (next < JOBS) {
          const i = next++;
          await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `baseline/${i}.png`, Body: image, ContentType: "image/png" }));
        }
      }),
    );
    const baseSeconds = (performance.now() - baseStart) / 1000;
    client.destroy();

    const mbps = (JOBS * IMAGE_BYTES) / MB / engineSeconds;
    const baseMbps = (JOBS * IMAGE_BYTES) / MB / baseSeconds;
    return [
      { name: "s3-throughput", unit: "MB/s", value: round(mbps), baseline: round(baseMbps), ratio: round(mbps / baseMbps, 3), jobs: JOBS, failed },
      {
        name: "s3-peak-rss",
        unit: "MB",
        value: round(peakRss / MB),
        baseline: round(rssBefore / MB),
        ratio: round(peakRss / rssBefore, 2),
        target: "value < 400",
      },
    ];
  } finally {
    s3rver.stop();
    dir.remove();
  }
}
