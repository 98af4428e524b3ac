import { benchEngine } from "./bench-engine.ts";
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, HTTPReceiver } from "@slack/bolt";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { boltLogger } from "../../bots/slack/bolt-logger.ts";
import { SLACK_CHANNEL_BURST, SLACK_CHANNEL_INTERVAL_MS } from "../../bots/slack/channel-pacer.ts";
import { slackReplyTarget } from "../../bots/slack/reply-target.ts";
import { invokerOf } from "../../bots/slack/slack-invoker.ts";
import { startSlack } from "../../bots/slack/start-slack.ts";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import type { FakeSlackOptions } from "../slack/fake-slack.ts";
import { signatureHeaders, SIGNING_SECRET, slashCommandBody } from "../slack/signing.ts";
import { tempDir } from "../support/temp-dir.ts";
import { round } from "./bench-math.ts";
import { startChatSdkPeer } from "./chat-sdk-peer.ts";
import { cpuPerRequest, interleaved, saturate, steady, summarize, type AutocannonResult, type LoadTarget, type SignedRequest } from "./load-generators.ts";
import type { BenchResult } from "./run.ts";
import { cpuPerSubmit } from "./submit-alone.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
/** #17's latency target (p99 < 50 ms at 500 req/s), under the ~1,100 req/s the product sustains here. */
const FIXED_RATE = 500;
/** 2,000 requests: the p99 is the 20th-worst, not a handful of stragglers. */
const FIXED_SECONDS = 4;
const TEAMS = 20;
const MEMBERS = 25;
/** Channels per team: a burst spread over many channels, as in a large org, so first posts are not paced behind each other. */
const CHANNELS = 1_000;
/** The busy-channel case: this many people /imagine in one channel at the same moment. */
const BUSY_PEOPLE = 20;
/** Submits in the durable-job-alone measurement. */
const ALONE = 3_000;
const BOT_TOKEN = "xoxb-bench-0000000000-benchbenchbench";
const PATH = "/slack/events";

function signedCommands(count: number, responseUrl: string): SignedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const body = slashCommandBody({
      command: "/imagine",
      text: `bench lighthouse ${i} --ar 16:9`,
      teamId: `T${i % TEAMS}`,
      channelId: `C${Math.floor(i / TEAMS) % CHANNELS}`,
      userId: `U${Math.floor(i / TEAMS) % MEMBERS}`,
      triggerId: `bench-${i}`,
      responseUrl,
    });
    return { body, headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body, timestamp) } };
  });
}

/**
 * The /imagine ack path: signed slash commands from many channels against POST /slack/events on the product's HTTP
 * server (Bolt's signature check, the shared parser, engine.submit on SQLite, the ack, then
 * chat.postMessage and recording its ts), workers off, next to a bare Bolt app on its own
 * HTTPReceiver whose listener only acks, in the same process and run: saturated in alternating
 * one-second slices, then at a fixed 500 req/s. autocannon runs in this process too, so both
 * sides share its overhead; the fake Slack runs in a child process, since answering
 * chat.postMessage is Slack's work. 127.0.0.1 only.
 */
export async function slackBench(): Promise<BenchResult[]> {
  const dir = tempDir("pixorly-slack-bench-");
  const logger = createLogger({ level: "silent", format: "json" });
  const fake = await forkFakeSlack({ botTokens: [BOT_TOKEN], botUserId: "U0BOT", teamId: "T0" });
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db"), backgroundCheckpoints: true });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://127.0.0.1" });
  const engine = benchEngine({ store, storage, logger });
  const http = createHttpServer({ logger, storage });
  const config = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: undefined,
    SLACK_CLIENT_ID: undefined,
    SLACK_CLIENT_SECRET: undefined,
    SLACK_STATE_SECRET: undefined,
    SLACK_API_URL: fake.apiUrl,
    PIXORLY_ENCRYPTION_KEY: undefined,
  };
  const edge = await startSlack({ config, engine, storage, http, logger, publicUrl: () => "http://127.0.0.1" });

  // The baseline: Bolt as its docs set it up, with the same receiver, options and token check.
  const bare = new App({
    receiver: new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: PATH, logger: boltLogger(logger) }),
    token: BOT_TOKEN,
    logger: boltLogger(logger),
    convoStore: false,
    clientOptions: { slackApiUrl: fake.apiUrl },
    deferInitialization: true,
  });
  bare.command("/imagine", async ({ ack }) => ack());
  let peer: Awaited<ReturnType<typeof startChatSdkPeer>> | null = null;
  // The like-for-like peer posts each command's channel message, to a fake Slack of its own so
  // the product's posts can still be counted on the first.
  const postingFake = await forkFakeSlack({ botTokens: [BOT_TOKEN], botUserId: "U0BOT", teamId: "T0" });
  let postingPeer: Awaited<ReturnType<typeof startChatSdkPeer>> | null = null;

  try {
    peer = await startChatSdkPeer({ platform: "slack", signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: fake.apiUrl });
    postingPeer = await startChatSdkPeer({ platform: "slack", signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, apiUrl: postingFake.apiUrl, postQueuedMessage: true });
    await bare.init();
    const bareServer = (await bare.start({ port: 0, host: "127.0.0.1" })) as Server;
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
    engine.start({ workers: false });
    const product = `http://127.0.0.1:${(await http.listen(0, "127.0.0.1")).port}`;

    // Enough distinct commands for the product's runs at up to ~5,000 req/s.
    const requests = signedCommands(5_000 * (SECONDS + 1), fake.responseUrl);
    const productNext = { i: 0 };
    const bareNext = { i: 0 };
    const peerNext = { i: 0 };
    const postingPeerNext = { i: 0 };
    const on = (url: string, next: { i: number }): LoadTarget => ({ url, path: PATH, requests, next, connections: CONNECTIONS, label: "slack bench" });

    // Warm-up (discarded): JIT, and every workspace and member created once. Then one-second
    // slices, alternating sides, so a noisy neighbour on the machine hits both alike.
    // The product's warm-up lasts until every (team, user) pair has been seen: a first request
    // creates its workspace and member, and on a busy machine one second did not reach them all,
    // so the first measured slice paid for creations instead of acks.
    do await saturate(on(product, productNext), 1);
    while (productNext.i < TEAMS * MEMBERS);
    await saturate(on(bareUrl, bareNext), 1);
    await saturate(on(peer.url, peerNext), 1);
    await saturate(on(postingPeer.url, postingPeerNext), 1);
    const [productRuns, bareRuns, peerRuns, postingPeerRuns] = (await interleaved(
      [on(product, productNext), on(bareUrl, bareNext), on(peer.url, peerNext), on(postingPeer.url, postingPeerNext)],
      SECONDS,
    )) as [AutocannonResult[], AutocannonResult[], AutocannonResult[], AutocannonResult[]];
    const productMax = summarize(productRuns);
    const bareMax = summarize(bareRuns);
    const peerMax = summarize(peerRuns);
    const postingPeerMax = summarize(postingPeerRuns);
    const productFixed = await steady(on(product, productNext), FIXED_RATE, FIXED_SECONDS);
    const bareFixed = await steady(on(bareUrl, bareNext), FIXED_RATE, FIXED_SECONDS);

    // Every product command must have been a real submission (not a cheap rejection or
    // duplicate) and got its channel message. autocannon may cut off requests it already built.
    const jobs = (await Promise.all((await store.workspaces.list()).map((w) => store.jobs.list({ workspaceId: w.id, limit: 1_000_000 })))).flat();
    const answered = productRuns.reduce((n, r) => n + r.requests.total, 0) + productFixed.count;
    if (jobs.length < answered || jobs.length > productNext.i) throw new Error(`slack bench: ${answered} commands answered but ${jobs.length} jobs queued`);
    await waitForPosts(fake, jobs.length);
    const busy = await busyChannel(product, fake);
    // The same submits as a public /imagine makes (same teams, channels and members), alone.
    const submitCpuMs = await cpuPerSubmit(
      async (i) => {
        const [teamId, channelId, userId] = [`T${i % TEAMS}`, `C${Math.floor(i / TEAMS) % CHANNELS}`, `U${Math.floor(i / TEAMS) % MEMBERS}`];
        const invoker = invokerOf({ teamId, channelId, userId });
        const replyTarget = slackReplyTarget(
          { teamId, enterpriseId: null, channelId, threadTs: null, via: "message", responseUrl: fake.responseUrl, userId, private: false, botUserId: "U0BOT" },
          Date.now(),
        );
        const request = generationRequestFromOptions({ prompt: `bench lighthouse alone ${i}`, aspect: "16:9" });
        const result = await engine.submit({ actor: invoker.actor, source: "slack", idempotencyKey: `alone-${i}`, channelKey: invoker.channelKey, replyTarget, request });
        if (!result.ok || result.value.duplicate) throw new Error(`slack bench: a submit alone was not accepted: ${JSON.stringify(result)}`);
      },
      ALONE,
      CONNECTIONS,
    );

    const versusPeer = (name: string, max: ReturnType<typeof summarize>, runs: AutocannonResult[], peer: string, extra: Record<string, unknown> = {}): BenchResult => ({
      name,
      unit: "req/s",
      value: round(productMax.rate),
      baseline: round(max.rate),
      ratio: round(productMax.rate / max.rate, 3),
      peer,
      cpuMsPerRequest: round(cpuPerRequest(productRuns), 3),
      peerCpuMsPerRequest: round(cpuPerRequest(runs), 3),
      // Of cpuMsPerRequest, what the durable charged job costs alone (engine.submit, same inputs, no HTTP, no post).
      submitCpuMs: round(submitCpuMs, 3),
      ...extra,
    });
    return [
      {
        name: "slack-ack-throughput",
        unit: "req/s",
        value: round(productMax.rate),
        baseline: round(bareMax.rate),
        ratio: round(productMax.rate / bareMax.rate, 3),
        connections: CONNECTIONS,
        seconds: SECONDS,
        cpuMsPerRequest: round(cpuPerRequest(productRuns), 3),
        baselineCpuMsPerRequest: round(cpuPerRequest(bareRuns), 3),
        target: "ratio >= 0.8",
      },
      // The peer a team would pick instead (Vercel's Chat SDK), acking only: we do a durable, charged job per request.
      versusPeer("slack-ack-throughput-vs-chat-sdk", peerMax, peerRuns, "chat@4.41.0 + @chat-adapter/slack@4.41.0, in-memory state", {
        loadAverage: loadavg().map((n) => round(n, 2)),
        target: "ratio >= 1",
      }),
      // Like for like: the Chat SDK handler also posts the channel message our public /imagine posts.
      versusPeer(
        "slack-ack-throughput-vs-chat-sdk-posting",
        postingPeerMax,
        postingPeerRuns,
        "chat@4.41.0 + @chat-adapter/slack@4.41.0, handler posts `Queued: <text>` to the channel",
      ),
      {
        name: "slack-ack-p50",
        unit: "ms",
        value: productMax.p50,
        baseline: bareMax.p50,
        ratio: round(productMax.p50 / Math.max(bareMax.p50, 1), 2),
        load: `max, ${CONNECTIONS} connections, median of ${SECONDS} one-second slices`,
      },
      {
        name: "slack-ack-p99",
        unit: "ms",
        value: productMax.p99,
        baseline: bareMax.p99,
        ratio: round(productMax.p99 / Math.max(bareMax.p99, 1), 2),
        load: `max, ${CONNECTIONS} connections, median of ${SECONDS} one-second slices`,
      },
      {
        name: `slack-ack-p99-at-${FIXED_RATE}rps`,
        unit: "ms",
        value: round(productFixed.p99, 2),
        baseline: round(bareFixed.p99, 2),
        ratio: round(productFixed.p99 / bareFixed.p99, 2),
        p50: round(productFixed.p50, 2),
        baselineP50: round(bareFixed.p50, 2),
        target: "p99 < 50 ms at 500 req/s (Slack's ack deadline is 3 s)",
      },
      {
        name: `slack-busy-channel-${BUSY_PEOPLE}th-message`,
        unit: "ms",
        value: busy.last,
        // The floor Slack's pace sets: the burst at once, then one message a second.
        baseline: (BUSY_PEOPLE - SLACK_CHANNEL_BURST) * SLACK_CHANNEL_INTERVAL_MS,
        ratio: round(busy.last / ((BUSY_PEOPLE - SLACK_CHANNEL_BURST) * SLACK_CHANNEL_INTERVAL_MS), 2),
        first: busy.first,
        load: `${BUSY_PEOPLE} people /imagine in one channel at once; Slack's pace (1 s, bursts of 3)`,
        target: "ratio close to 1 (Slack's pace, not ours)",
      },
    ];
  } finally {
    await bare.stop().catch(() => undefined);
    await peer?.close().catch(() => undefined);
    await postingPeer?.close().catch(() => undefined);
    postingFake.process.send("stop");
    await once(postingFake.process, "exit");
    await edge?.stop();
    await http.close();
    await engine.stop(0);
    await store.close();
    fake.process.send("stop");
    await once(fake.process, "exit");
    dir.remove();
  }
}

/**
 * BUSY_PEOPLE people in one channel send /imagine at the same moment (acks not counted here):
 * how long until the first and the last of their jobs' messages reached Slack. The pace is
 * Slack's own (per channel), so this is what people in a busy channel wait, not our CPU.
 */
async function busyChannel(product: string, fake: ForkedFake): Promise<{ first: number; last: number }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const bodies = Array.from({ length: BUSY_PEOPLE }, (_, i) =>
    slashCommandBody({ command: "/imagine", text: `busy channel ${i}`, teamId: "TBUSY", channelId: "CBUSY", userId: `UBUSY${i}`, triggerId: `busy-${i}`, responseUrl: fake.responseUrl }),
  );
  const started = Date.now();
  await Promise.all(
    bodies.map(async (body) => {
      const res = await fetch(`${product}${PATH}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...signatureHeaders(body, timestamp) }, body });
      await res.text();
      if (res.status !== 200) throw new Error(`slack bench: busy channel /imagine answered ${res.status}`);
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    fake.process.send({ postsIn: "CBUSY" });
    const [{ at }] = (await once(fake.process, "message")) as [{ at: number[] }];
    if (at.length >= BUSY_PEOPLE) return { first: Math.min(...at) - started, last: Math.max(...at) - started };
    if (Date.now() > deadline) throw new Error(`slack bench: ${BUSY_PEOPLE} people in one channel but ${at.length} messages after 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ForkedFake {
  process: ChildProcess;
  apiUrl: string;
  responseUrl: string;
}

/** The fake Slack in its own process, so answering the Web API does not count as the app's work. */
async function forkFakeSlack(options: FakeSlackOptions): Promise<ForkedFake> {
  const child = fork(fileURLToPath(new URL("../slack/fake-slack-process.ts", import.meta.url)), {
    execArgv: process.execArgv,
    env: { ...process.env, FAKE_SLACK_OPTIONS: JSON.stringify(options) },
  });
  const [ready] = (await once(child, "message")) as [{ apiUrl: string; responseUrl: string }];
  return { process: child, ...ready };
}

/** Waits (bounded) until the fake has received `count` chat.postMessage calls. */
async function waitForPosts(fake: ForkedFake, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    fake.process.send("posts");
    const [{ posts }] = (await once(fake.process, "message")) as [{ posts: number }];
    if (posts >= count) return;
    if (Date.now() > deadline) throw new Error(`slack bench: ${count} jobs but only ${posts} channel messages posted`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

