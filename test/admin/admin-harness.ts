import { join } from "node:path";
import { runAdmin } from "../../bots/admin/run-admin.ts";
import type { Config } from "../../core/config/load-config.ts";
import type { Job } from "../../core/domain/job.ts";
import { ModelCatalog } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS, type EngineOptions } from "../../core/engine/engine-options.ts";
import { runJob } from "../../core/engine/run-job.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { ScriptedProvider } from "../support/scripted-provider.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestClock } from "../support/test-clock.ts";

export interface AdminRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The product's data in a temp DATA_DIR (SQLite store, local-disk images), written by the
 * real engine with a scripted provider, and the admin command line run in-process on the same
 * directory, as `npm run admin` would with DATA_DIR pointing there.
 */
export function adminHarness() {
  const dir = tempDir("pixorly-admin-");
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost:3000" });
  const clock = new TestClock();
  const provider = new ScriptedProvider("local");
  // Kept beside the engine (whose options are private): runNext drives the worker's own code with them.
  const engineOptions: EngineOptions = {
    ...ENGINE_DEFAULTS,
    store,
    storage,
    imageFetch: createSafeImageFetch(),
    providers: new Map([["local", provider]]),
    catalog: ModelCatalog.forProviders(["local"]),
    logger: createLogger({ level: "silent", format: "json" }),
    clock,
    random: () => 0.5,
    defaultPlan: "FREE",
    adminUserIds: [],
    workerId: "worker-test",
    retryPolicy: DEFAULT_RETRY_POLICY,
  };
  const engine = new Engine(engineOptions);

  const actor = (user: string, workspace = "guild-1"): Actor => ({
    platform: "discord",
    workspaceExternalId: workspace,
    workspaceName: `Guild ${workspace}`,
    userExternalId: user,
    userName: `Name of ${user}`,
    platformAdmin: false,
  });

  /** Queues a job as /imagine does; it stays pending until `run`. */
  async function submit(who: Actor, prompt: string, options: { count?: number; private?: boolean } = {}): Promise<Job> {
    const accepted = await engine.submit({
      actor: who,
      source: "discord",
      idempotencyKey: null,
      channelKey: `discord:${who.workspaceExternalId}/general`,
      replyTarget: { platform: "discord", channelId: "general", messageId: `m-${prompt}` },
      request: { prompt, count: options.count, private: options.private },
    });
    if (!accepted.ok) throw new Error(`submit refused: ${accepted.error.message}`);
    return accepted.value.job;
  }

  /** Claims the next job and runs it through the worker's own code (provider, storage, complete). */
  async function runNext(): Promise<Job> {
    const leased = await store.jobs.claim({
      workerId: "worker-test",
      now: clock.now(),
      leaseMs: 60_000,
      providers: ["local"],
      maxRunningPerMember: () => 10,
    });
    if (!leased) throw new Error("nothing to run");
    await runJob(engineOptions, leased, new AbortController().signal);
    return (await store.jobs.get(leased.job.id))!;
  }

  async function generate(who: Actor, prompt: string, options: { count?: number; private?: boolean } = {}): Promise<Job> {
    await submit(who, prompt, options);
    return runNext();
  }

  async function admin(argv: string[], extra: { env?: Record<string, string>; openStore?: (config: Config) => AdminStore } = {}): Promise<AdminRun> {
    let stdout = "";
    let stderr = "";
    const code = await runAdmin({
      argv,
      env: { DATA_DIR: dir.path, LOG_LEVEL: "silent", ...extra.env },
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      clock,
      openStore: extra.openStore,
    });
    return { code, stdout, stderr };
  }

  /** Runs a command that must succeed with --json and returns what it printed, parsed. */
  async function adminJson<T = unknown>(command: string, ...args: string[]): Promise<T> {
    // Before the arguments: anything after a "--" among them is positional.
    const argv = [command, "--json", ...args];
    const run = await admin(argv);
    if (run.code !== 0) throw new Error(`admin ${argv.join(" ")} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  return {
    dir: dir.path,
    store,
    storage,
    clock,
    engine,
    provider,
    actor,
    submit,
    runNext,
    generate,
    admin,
    adminJson,
    async cleanup() {
      await store.close();
      dir.remove();
    },
  };
}

export type AdminHarness = ReturnType<typeof adminHarness>;
