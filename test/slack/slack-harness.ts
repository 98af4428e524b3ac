import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Writable } from "node:stream";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { startSlack } from "../../bots/slack/start-slack.ts";
import type { Job } from "../../core/domain/job.ts";
import { ModelCatalog } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS, type EngineOptions } from "../../core/engine/engine-options.ts";
import { createLocalDescriber } from "../../core/providers/describe/local-describer.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteInstallationStore } from "../../core/stores/sqlite/installation-store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import type { Store } from "../../core/ports/store.ts";
import { ScriptedProvider } from "../support/scripted-provider.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestClock } from "../support/test-clock.ts";
import { startFakeSlack } from "./fake-slack.ts";
import { interactionBody, signatureHeaders, SIGNING_SECRET, slashCommandBody } from "./signing.ts";

export const TEAM = "T0PIXORLY";
export const CHANNEL = "C0GENERAL";
export const BOT_TOKEN = "xoxb-test-0000000000-abcdefghijklmnop";
export const BOT_USER = "U0BOT";
export const PUBLIC_IMAGES = "https://images.pixorly.example";
export const APP_TOKEN = "xapp-1-A0APP-test";
export const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

export interface SlackHarnessOptions {
  /** Members users.info reports as Slack workspace admins. */
  admins?: string[];
  /** Channels the bot is not a member of. */
  notInChannels?: string[];
  /** Web API methods the fake refuses, with the error it gives. */
  failing?: Record<string, string>;
  /** OAuth (many workspaces) instead of a single bot token. */
  oauth?: boolean;
  /** Run the engine's workers (default true). */
  workers?: boolean;
  /** SLACK_APP_TOKEN set: events arrive over the fake's WebSocket instead of /slack/events. */
  socketMode?: boolean;
  /** Image URLs Slack can fetch (as with CloudFront or a public PUBLIC_URL): linked, not uploaded. */
  publicImages?: boolean;
  /** Every submit waits this long first (a slow store), and /imagine's ack deadline. */
  slowSubmit?: { delayMs: number; ackDeadlineMs: number };
  /** The per-channel message pace (production: 1 s); short by default so tests stay quick. */
  channelIntervalMs?: number;
  /** Calls a quiet channel may burst (production: 3); 1 by default so tests see the plain pace. */
  channelBurst?: number;
  /** New workspaces' plan (default FREE: 10 credits). */
  plan?: "FREE" | "PRO" | "ENTERPRISE";
  /** SLACK_COMMAND_PREFIX. */
  commandPrefix?: string;
  /** Every store call (of the engine's SQLite store) waits this long first: a slow store (setStoreDelay changes it). */
  storeDelayMs?: number;
  /** Every fake Slack Web API answer comes this long after its request: a slow Slack. */
  apiLatencyMs?: number;
  /** /imagine's (and the settings modal's) ack deadline; production: 2 s. */
  ackDeadlineMs?: number;
  /** The model catalog (default: the "local" provider's); every model runs on the scripted provider. */
  catalog?: ModelCatalog;
  /**
   * The engine's fetch for input images. Default: the safe fetch allowing plain HTTP to the fake
   * Slack (its shared files) and to `imageHosts` (fake public image hosts).
   */
  imageFetch?: EngineOptions["imageFetch"];
  imageHosts?: string[];
  /** /describe's vision services (default: the offline local describer). */
  describers?: EngineOptions["describers"];
}

/** `store` with every method of its sub-stores (jobs, workspaces...) answering `ms` later. */
function delayedStore(store: Store, delay: { ms: number }): Store {
  const delayed = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value: unknown = Reflect.get(t, prop, receiver);
        return typeof value === "function" ? async (...args: unknown[]) => {
              if (delay.ms) await sleep(delay.ms);
              return (value as (...a: unknown[]) => unknown).apply(t, args);
            } : value;
      },
    });
  return new Proxy(store, {
    get(t, prop, receiver) {
      const value: unknown = Reflect.get(t, prop, receiver);
      if (typeof value === "function") return (value as (...a: unknown[]) => unknown).bind(t);
      return typeof value === "object" && value !== null ? delayed(value) : value;
    },
  });
}

/**
 * The product's Slack edge end to end: a real engine on a SQLite file with local-disk storage
 * (not public unless asked, so images are uploaded), the product's HTTP server, real Bolt, and a fake Slack
 * on 127.0.0.1 as the network edge. Requests are signed like Slack's.
 */
export async function slackHarness(options: SlackHarnessOptions = {}) {
  const dir = tempDir("pixorly-slack-");
  const dbFile = join(dir.path, "pixorly.db");
  const store = createSqliteStore({ file: dbFile });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => (options.publicImages ? PUBLIC_IMAGES : "http://localhost:3000") });
  const provider = new ScriptedProvider("local");
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "warn",
    format: "json",
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  });
  const slow = options.slowSubmit;
  const storeDelay = { ms: options.storeDelayMs ?? 0 };
  const engineStore = slow
    ? { ...store, jobs: { ...store.jobs, submit: async (...args: Parameters<typeof store.jobs.submit>) => (await sleep(slow.delayMs), store.jobs.submit(...args)) } }
    : options.storeDelayMs !== undefined
      ? delayedStore(store, storeDelay)
      : store;
  const fake = await startFakeSlack({ botTokens: [BOT_TOKEN, APP_TOKEN], botUserId: BOT_USER, teamId: TEAM, admins: options.admins, notInChannels: options.notInChannels, failing: options.failing, latencyMs: options.apiLatencyMs });
  // Kept beside the engine (whose options are private) for tests that move its clock or build a second process.
  const engineOptions: EngineOptions = {
    ...ENGINE_DEFAULTS,
    store: engineStore,
    storage,
    // The fake Slack serves shared files over plain HTTP on 127.0.0.1.
    imageFetch: options.imageFetch ?? createSafeImageFetch({ allowHosts: [fake.host, ...(options.imageHosts ?? [])], allowHttp: true }),
    describers: options.describers ?? new Map([["local", createLocalDescriber()]]),
    providers: new Map([["local", provider]]),
    catalog: options.catalog ?? ModelCatalog.forProviders(["local"]),
    logger,
    clock: new TestClock(),
    random: () => 0.5,
    defaultPlan: options.plan ?? "FREE",
    adminUserIds: [],
    workerId: "worker-slack-test",
    pollIntervalMs: 5,
    janitorIntervalMs: 3_600_000,
    retryPolicy: DEFAULT_RETRY_POLICY,
  };
  const clock = engineOptions.clock as TestClock;
  const engine = new Engine(engineOptions);
  const installations = options.oauth ? createSqliteInstallationStore({ file: dbFile }) : undefined;
  const http = createHttpServer({ logger, storage });
  const { port } = await http.listen(0, "127.0.0.1");
  const base = `http://127.0.0.1:${port}`;
  const edge = await startSlack({
    config: {
      SLACK_BOT_TOKEN: options.oauth ? undefined : BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: options.socketMode ? APP_TOKEN : undefined,
      SLACK_CLIENT_ID: options.oauth ? "111.222" : undefined,
      SLACK_CLIENT_SECRET: options.oauth ? "client-secret" : undefined,
      SLACK_STATE_SECRET: options.oauth ? "state-secret-for-tests" : undefined,
      SLACK_API_URL: fake.apiUrl,
      PIXORLY_ENCRYPTION_KEY: options.oauth ? ENCRYPTION_KEY : undefined,
      SLACK_COMMAND_PREFIX: options.commandPrefix,
    },
    engine,
    storage,
    http,
    logger,
    publicUrl: () => base,
    installations,
    ackDeadlineMs: slow?.ackDeadlineMs ?? options.ackDeadlineMs,
    channelIntervalMs: options.channelIntervalMs ?? 20,
    channelBurst: options.channelBurst ?? 1,
  });
  engine.start({ workers: options.workers ?? true });

  let triggers = 0;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });

  const workspace = () => store.workspaces.findByExternal("slack", TEAM);

  return {
    engine,
    engineOptions,
    clock,
    store,
    storage,
    provider,
    fake,
    base,
    dbFile,
    http,
    logger,
    logs,
    post,
    /** A signed slash command; `trigger` repeats a delivery, `responseId` names its response_url. */
    slash(
      command: string,
      text: string,
      o: { user?: string; channel?: string; team?: string; trigger?: string; responseId?: string; headers?: Record<string, string>; userName?: string; channelName?: string } = {},
    ) {
      const triggerId = o.trigger ?? `trigger-${++triggers}`;
      fake.issueTrigger(triggerId);
      const body = slashCommandBody({
        command,
        text,
        teamId: o.team ?? TEAM,
        channelId: o.channel ?? CHANNEL,
        userId: o.user ?? "U0ALICE",
        triggerId,
        responseUrl: fake.responseUrl(o.responseId ?? triggerId),
        userName: o.userName,
        channelName: o.channelName,
      });
      return post(body, { ...signatureHeaders(body), ...o.headers });
    },
    /** A signed button press on a message; `ephemeral` presses come from a private result. */
    press(actionId: string, value: string, o: { user?: string; messageTs?: string; ephemeral?: boolean; responseId?: string; threadTs?: string } = {}) {
      const triggerId = `trigger-${++triggers}`;
      fake.issueTrigger(triggerId);
      const body = interactionBody({
        type: "block_actions",
        team: { id: TEAM, domain: "pixorly-test" },
        user: { id: o.user ?? "U0ALICE", username: "alice", team_id: TEAM },
        api_app_id: "A0APP",
        token: "unused",
        trigger_id: triggerId,
        response_url: fake.responseUrl(o.responseId ?? triggerId),
        channel: { id: CHANNEL, name: "general" },
        container: { type: "message", message_ts: o.messageTs ?? "1.1", channel_id: CHANNEL, is_ephemeral: o.ephemeral ?? false, ...(o.threadTs ? { thread_ts: o.threadTs } : {}) },
        ...(o.ephemeral ? {} : { message: { type: "message", ts: o.messageTs ?? "1.1", ...(o.threadTs ? { thread_ts: o.threadTs } : {}) } }),
        actions: [{ type: "button", action_id: actionId, block_id: "b", value, action_ts: "1.2" }],
      });
      return post(body, signatureHeaders(body));
    },
    /** A signed message shortcut (type message_action) on `message`, e.g. one with image files. */
    shortcut(callbackId: string, message: Record<string, unknown>, o: { user?: string; trigger?: string; responseId?: string } = {}) {
      const triggerId = o.trigger ?? `trigger-${++triggers}`;
      fake.issueTrigger(triggerId);
      const body = interactionBody({
        type: "message_action",
        callback_id: callbackId,
        trigger_id: triggerId,
        response_url: fake.responseUrl(o.responseId ?? triggerId),
        team: { id: TEAM, domain: "pixorly-test" },
        channel: { id: CHANNEL, name: "general" },
        user: { id: o.user ?? "U0ALICE", username: "alice", team_id: TEAM, name: "alice" },
        message_ts: String(message.ts ?? "1.1"),
        message: { type: "message", ts: "1.1", user: "U0BOB", text: "", ...message },
        token: "unused",
        action_ts: "1.3",
      });
      return post(body, signatureHeaders(body));
    },
    /**
     * A signed view_submission of the modal the fake last holds under `viewId`, with `values`
     * as the person left the fields ({ block_id: value }; a select's value is its option value).
     */
    submitView(viewId: string, values: Record<string, string | null>, o: { user?: string } = {}) {
      const view = fake.views.get(viewId);
      if (!view) throw new Error(`fake Slack holds no view ${viewId}`);
      const blocks = (view.blocks as { block_id?: string; element?: { type: string; action_id: string } }[]).filter((b) => b.block_id && b.element);
      const state: Record<string, Record<string, Record<string, unknown>>> = {};
      for (const block of blocks) {
        const { type, action_id } = block.element!;
        const value = values[block.block_id!] ?? null;
        state[block.block_id!] = {
          [action_id]: type.endsWith("select") ? { type, selected_option: value === null ? null : { value, text: { type: "plain_text", text: value } } } : { type, value },
        };
      }
      const body = interactionBody({
        type: "view_submission",
        team: { id: TEAM, domain: "pixorly-test" },
        user: { id: o.user ?? "U0ALICE", username: "alice", name: "alice", team_id: TEAM },
        api_app_id: "A0APP",
        token: "unused",
        trigger_id: `trigger-${++triggers}`,
        view: { ...view, id: viewId, team_id: TEAM, app_id: "A0APP", bot_id: "B0BOT", state: { values: state }, hash: "h", private_metadata: view.private_metadata ?? "" },
        response_urls: [],
      });
      return post(body, signatureHeaders(body));
    },
    /** A signed Events API delivery; `retryNum` marks it as Slack's retry. */
    event(event: Record<string, unknown>, o: { eventId: string; retryNum?: number; team?: string }) {
      const team = o.team ?? TEAM;
      const body = JSON.stringify({
        token: "unused",
        team_id: team,
        api_app_id: "A0APP",
        type: "event_callback",
        event_id: o.eventId,
        event_time: 1_700_000_000,
        event,
        authorizations: [{ team_id: team, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      });
      return post(body, {
        "content-type": "application/json",
        ...signatureHeaders(body),
        ...(o.retryNum ? { "x-slack-retry-num": String(o.retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
      });
    },
    /** Every job of the test team, newest first. */
    async jobs(): Promise<Job[]> {
      const ws = await workspace();
      return ws ? store.jobs.list({ workspaceId: ws.id, limit: 100 }) : [];
    },
    async ledger() {
      const ws = await workspace();
      return ws ? store.credits.list(ws.id, 100) : [];
    },
    workspace,
    /** Polls the team's jobs until one satisfies `match` (bounded). */
    async jobMatching(match: (job: Job) => boolean, timeoutMs = 5_000): Promise<Job> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ws = await workspace();
        const found = ws ? (await store.jobs.list({ workspaceId: ws.id, limit: 100 })).find(match) : undefined;
        if (found) return found;
        if (Date.now() > deadline) throw new Error("no job matched in time");
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async settled(jobId: string, timeoutMs = 5_000): Promise<Job> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await store.jobs.get(jobId);
        if (job && ["completed", "failed", "cancelled"].includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} did not settle; last: ${job?.status}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    /** From now on every call of the engine's store waits `ms` first (0: none). */
    setStoreDelay(ms: number) {
      storeDelay.ms = ms;
    },
    async cleanup() {
      await edge?.stop();
      await http.close();
      await engine.stop(0);
      await installations?.close();
      await store.close();
      await fake.close();
      dir.remove();
    },
  };
}

export type SlackHarness = Awaited<ReturnType<typeof slackHarness>>;
