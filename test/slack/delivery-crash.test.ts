import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startProduct } from "../../bots/start-product.ts";
import { slackReplyTarget } from "../../bots/slack/reply-target.ts";
import { loadConfig } from "../../core/config/load-config.ts";
import type { Store } from "../../core/ports/store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { productEnv, waitForLog } from "../e2e/run-npm-start.ts";
import { startProductProcess } from "../ops/product-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { startFakeSlack, type FakeSlack, type SlackCall } from "./fake-slack.ts";

const TEAM = "T0CRASH";
const TOKEN = "xoxb-crash-0000000000-abcdefghijklmnop";
const CHANNEL = "C0CRASH";

/**
 * Kill points around delivery (#14): the product runs as a real child process against the fake
 * Slack on 127.0.0.1, which SIGKILLs it at a chosen Web API call, then a restarted process must
 * finish the delivery exactly once. Local storage without a public URL, so images go up as
 * Slack files (the path that can double).
 */
describe("a process killed around delivery, then restarted", () => {
  let fake: FakeSlack;
  let dir: { path: string; remove: () => void };
  let store: Store;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
    await store.close();
    await fake.close();
    dir.remove();
  });

  /** Queues one job whose reply is a message already in the fake channel; returns its id and the message's ts. */
  async function setUp(): Promise<{ env: NodeJS.ProcessEnv; jobId: string; ts: string }> {
    fake = await startFakeSlack({ botTokens: [TOKEN], botUserId: "U0BOT", teamId: TEAM });
    dir = tempDir("pixorly-delivery-crash-");
    const env = productEnv(dir.path, {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: "crash-test-signing-secret",
      SLACK_API_URL: fake.apiUrl,
      DEFAULT_PLAN: "ENTERPRISE",
      WORKER_CONCURRENCY: "1",
    });
    const posted = (await (
      await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ channel: CHANNEL, text: "Queued" }),
      })
    ).json()) as { ts: string };
    const queuer = await startProduct(loadConfig({ ...env, WORKERS: "false", LOG_LEVEL: "silent" }));
    const target = {
      ...slackReplyTarget(
        { teamId: TEAM, enterpriseId: null, channelId: CHANNEL, threadTs: null, via: "message", responseUrl: null, userId: "U0ALICE", private: false, botUserId: "U0BOT" },
        Date.now(),
      ),
      messageTs: posted.ts,
    };
    const submitted = await queuer.engine.submit({
      actor: { platform: "slack", workspaceExternalId: TEAM, workspaceName: "Crash", userExternalId: "U0ALICE", userName: "alice", platformAdmin: false },
      source: "slack",
      idempotencyKey: "crash-1",
      channelKey: `slack:${TEAM}/${CHANNEL}`,
      replyTarget: target,
      request: { prompt: "a lighthouse that survives crashes", count: 2 },
    });
    await queuer.stop();
    if (!submitted.ok) throw new Error(submitted.error.code);
    store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
    return { env, jobId: submitted.value.job.id, ts: posted.ts };
  }

  function start(env: NodeJS.ProcessEnv): ChildProcess {
    const child = startProductProcess(env);
    children.push(child);
    return child;
  }

  /** SIGKILLs `child` at the first call `cut` picks, leaving that call unanswered; resolves when it is dead. */
  function killAt(child: ChildProcess, when: "before" | "after", cut: (call: SlackCall) => boolean): Promise<void> {
    const dead = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const hook = (call: SlackCall) => {
      if (!cut(call)) return;
      child.kill("SIGKILL");
      return "hang" as const;
    };
    fake.setHooks(when === "before" ? { before: hook } : { after: hook });
    return dead;
  }

  const isFinalUpdate = (call: SlackCall) => call.method === "chat.update" && String(call.args.text).startsWith("Done");
  const answeredFinalUpdates = () => fake.calls.filter((c) => isFinalUpdate(c) && c.answer?.ok === true);

  async function delivered(jobId: string): Promise<number | null> {
    const deadline = Date.now() + 40_000;
    for (;;) {
      const entry = await store.outbox.get(jobId);
      if (entry?.deliveredAt) return entry.deliveredAt;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("killed between complete and the message edit: the restarted process edits the result in exactly once", async () => {
    const { env, jobId, ts } = await setUp();
    const first = start(env);
    await killAt(first, "before", isFinalUpdate);

    expect(await store.jobs.get(jobId)).toMatchObject({ status: "completed" });
    expect(await store.outbox.get(jobId)).toMatchObject({ platform: "slack", deliveredAt: null });
    // The message still shows the job in progress: the result never reached it.
    expect(fake.messages.get(`${CHANNEL}:${ts}`)?.text).toMatch(/^Generating/);
    expect(answeredFinalUpdates()).toEqual([]);

    fake.setHooks({});
    const second = start(env);
    await waitForLog(second, (l) => typeof l.msg === "string" && l.msg.startsWith("front ends on"));
    expect(await delivered(jobId)).not.toBeNull();
    expect(answeredFinalUpdates()).toHaveLength(1);
    expect(answeredFinalUpdates()[0]!.args.ts).toBe(ts);
    // The files went up before the cut; the restart recorded them and uploaded nothing again.
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    expect(fake.callsTo("files.getUploadURLExternal")).toHaveLength(2);
  }, 90_000);

  it("killed after Slack shared the upload but before it was recorded: the restart uploads nothing twice", async () => {
    const { env, jobId, ts } = await setUp();
    const first = start(env);
    await killAt(first, "after", (call) => call.method === "files.completeUploadExternal");

    const reserved = (fake.callsTo("files.completeUploadExternal")[0]!.args.files as { id: string }[]).map((f) => f.id);
    expect(reserved).toHaveLength(2);
    expect(answeredFinalUpdates()).toEqual([]);

    fake.setHooks({});
    start(env);
    expect(await delivered(jobId)).not.toBeNull();
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    expect(fake.callsTo("files.getUploadURLExternal")).toHaveLength(2);
    // The restart asked Slack about the ids it had recorded before the share, instead of uploading.
    expect(fake.callsTo("files.info").map((c) => c.args.file).sort()).toEqual([...reserved].sort());
    const final = answeredFinalUpdates();
    expect(final).toHaveLength(1);
    expect(final[0]!.args.ts).toBe(ts);
    expect(JSON.stringify(final[0]!.args.blocks)).toContain("The images are posted in this conversation.");
  }, 90_000);
});
