import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSlack } from "../../bots/slack/start-slack.ts";
import { ModelCatalog } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS } from "../../core/engine/engine-options.ts";
import type { Store } from "../../core/ports/store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { ScriptedProvider } from "../support/scripted-provider.ts";
import { TestClock } from "../support/test-clock.ts";
import { SIGNING_SECRET } from "./signing.ts";
import { BOT_TOKEN, slackHarness, type SlackHarness } from "./slack-harness.ts";

/**
 * A bots process takes the command; a worker process on the same database finishes the job
 * and, with the Slack edge started to deliver only, updates the message itself.
 */
describe("Slack results delivered from a worker process", () => {
  let h: SlackHarness;
  let workerStore: Store;
  let worker: Engine;
  beforeEach(async () => {
    h = await slackHarness({ workers: false });
    workerStore = createSqliteStore({ file: h.dbFile });
    worker = new Engine({
      ...h.engineOptions,
      ...ENGINE_DEFAULTS,
      store: workerStore,
      providers: new Map([["local", new ScriptedProvider("local")]]),
      catalog: ModelCatalog.forProviders(["local"]),
      clock: new TestClock(),
      workerId: "worker-process",
      pollIntervalMs: 5,
      janitorIntervalMs: 3_600_000,
      retryPolicy: DEFAULT_RETRY_POLICY,
    });
  });
  afterEach(async () => {
    await worker.stop(0);
    await workerStore.close();
    await h.cleanup();
  });

  it("the worker's notifier updates the message the bots process posted", async () => {
    const edge = await startSlack({
      config: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_APP_TOKEN: undefined,
        SLACK_CLIENT_ID: undefined,
        SLACK_CLIENT_SECRET: undefined,
        SLACK_STATE_SECRET: undefined,
        SLACK_API_URL: h.fake.apiUrl,
        PIXORLY_ENCRYPTION_KEY: undefined,
      },
      engine: worker,
      storage: h.storage,
      http: { maxBodyBytes: 1024, mount: () => expect.unreachable("a deliver-only edge mounts no routes") },
      logger: h.logger,
      publicUrl: () => h.base,
      serve: false,
    });
    expect(edge).not.toBeNull();

    await h.slash("/imagine", "a night shift");
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);
    const [job] = await h.jobs();
    expect((await h.store.jobs.get(job!.id))!.status).toBe("pending");

    worker.start();
    await h.settled(job!.id);
    // The bots process runs no workers, so only the worker's notifier can have sent these.
    const message = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    expect(h.fake.messages.size).toBe(1);
    expect(h.fake.callsTo("chat.update").every((c) => c.args.ts === message.ts)).toBe(true);
    expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
  });
});
