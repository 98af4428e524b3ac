/**
 * A process for the kill -9 tests: `worker <file> <dataDir>` runs an engine's workers (short
 * lease, many slots, so claims, completions and submits are batched) and prints "ready";
 * `submit <file> <dataDir> <count>` submits `count` jobs 50 at a time and prints
 * "acked <job id>" for each answer it got, i.e. only after its batch committed.
 */
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { benchEngine } from "../bench/bench-engine.ts";

const [mode, file, dataDir, count] = process.argv.slice(2);
const store = createSqliteStore({ file: file! });
const storage = createLocalDiskStorage({ dataDir: dataDir!, publicUrl: () => "http://localhost:3000" });
const provider = createLocalProvider({ fixedImage: { bytes: new Uint8Array(2048).fill(1), contentType: "image/png", width: 64, height: 64 } });
const engine = benchEngine({ store, storage, provider, pollIntervalMs: 5, workerConcurrency: 16, providerConcurrency: 16, leaseMs: 500 });

if (mode === "worker") {
  engine.start();
  process.stdout.write("ready\n");
} else {
  let next = 0;
  const total = Number(count);
  const lane = async () => {
    for (let i = next++; i < total; i = next++) {
      const submitted = await engine.submit({
        actor: { platform: "discord", workspaceExternalId: "crash", workspaceName: "crash", userExternalId: `u${i % 7}`, userName: null, platformAdmin: false },
        source: "discord",
        idempotencyKey: `crash-${i}`,
        channelKey: "discord:crash/c",
        replyTarget: null,
        request: { prompt: `crash job ${i}` },
      });
      if (submitted.ok) process.stdout.write(`acked ${submitted.value.job.id}\n`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, lane));
  process.stdout.write("done\n");
}
