import { join } from "node:path";
import type { Actor } from "../../core/engine/actor.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS, type EngineOptions } from "../../core/engine/engine-options.ts";
import type { Job } from "../../core/domain/job.ts";
import { ModelCatalog, type ProviderId } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { createLocalDescriber } from "../../core/providers/describe/local-describer.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { ScriptedProvider } from "./scripted-provider.ts";
import { tempDir } from "./temp-dir.ts";
import { TestClock } from "./test-clock.ts";

/**
 * A real engine on a real SQLite file and real local-disk storage, with scripted providers (the
 * network edge) and a hand-moved clock. Worker loops run on real timers with a short poll.
 */
export async function engineHarness(overrides: Partial<EngineOptions> = {}, providerIds: ProviderId[] = ["local"]) {
  const dir = tempDir("pixorly-engine-");
  const file = join(dir.path, "pixorly.db");
  const store = createSqliteStore({ file });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost:3000" });
  const clock = new TestClock();
  const providers = new Map(providerIds.map((id) => [id, new ScriptedProvider(id)] as const));
  const options: EngineOptions = {
    store,
    storage,
    providers,
    // The offline describer, as the embedded product runs it (tests pass their own to script failures).
    describers: new Map(providerIds.includes("local") ? [["local", createLocalDescriber()] as const] : []),
    catalog: ModelCatalog.forProviders(providerIds),
    logger: createLogger({ level: "silent", format: "json" }),
    clock,
    // Deterministic: backoff jitter sits at its midpoint, unnamed seeds are 2^31.
    random: () => 0.5,
    defaultPlan: "FREE",
    adminUserIds: [],
    workerId: "worker-test",
    ...ENGINE_DEFAULTS,
    pollIntervalMs: 5,
    janitorIntervalMs: 3_600_000,
    retryPolicy: DEFAULT_RETRY_POLICY,
    ...overrides,
    // Production's strict fetch unless a test trusts its own fake file server.
    imageFetch: overrides.imageFetch ?? createSafeImageFetch(),
  };
  const engine = new Engine(options);

  const actor = (user = "u1", workspace = "w1", platformAdmin = false): Actor => ({
    platform: "discord",
    workspaceExternalId: workspace,
    workspaceName: `Workspace ${workspace}`,
    userExternalId: user,
    userName: user,
    platformAdmin,
  });

  /** Polls the store until the job satisfies `done` (real time, bounded). */
  async function waitForJob(jobId: string, done: (job: Job) => boolean, timeoutMs = 5_000): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await store.jobs.get(jobId);
      if (job && done(job)) return job;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach the expected state; last: ${job?.status} attempts=${job?.attempts}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  return {
    engine,
    store,
    /** The SQLite file, for a test that must set a state no engine call reaches (a nearly full workspace). */
    file,
    storage,
    clock,
    options,
    provider: (id: ProviderId = "local") => providers.get(id)!,
    actor,
    waitForJob,
    settled: (jobId: string) => waitForJob(jobId, (j) => ["completed", "failed", "cancelled"].includes(j.status)),
    async cleanup() {
      await engine.stop(0);
      await store.close();
      dir.remove();
    },
  };
}

export type EngineHarness = Awaited<ReturnType<typeof engineHarness>>;

/** A plain /imagine submission for tests. */
export function imagine(h: EngineHarness, prompt: string, extra: { user?: string; workspace?: string; count?: number; key?: string; model?: string; private?: boolean } = {}) {
  return h.engine.submit({
    actor: h.actor(extra.user, extra.workspace),
    source: "discord",
    idempotencyKey: extra.key ?? null,
    channelKey: `discord:${extra.workspace ?? "w1"}/c1`,
    replyTarget: null,
    request: { prompt, count: extra.count, model: extra.model, private: extra.private },
  });
}
