import { benchEngine } from "./bench-engine.ts";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { invokerOf, jobOrigin } from "../../bots/discord/invoker.ts";
import { createSignatureVerifier } from "../../bots/discord/verify-signature.ts";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { startFakeDiscord } from "../discord/fake-discord.ts";
import { APP_ID, BOT_TOKEN, slashCommand } from "../discord/interactions.ts";
import { tempDir } from "../support/temp-dir.ts";
import { round } from "./bench-math.ts";
import { startChatSdkPeer } from "./chat-sdk-peer.ts";
import { cpuPerRequest, interleaved, saturate, steady, summarize, type AutocannonResult, type LoadTarget, type SignedRequest } from "./load-generators.ts";
import type { BenchResult } from "./run.ts";
import { cpuPerSubmit } from "./submit-alone.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;
const FIXED_RATE = 500;
const GUILDS = 50;
const MEMBERS = 20;
/** Submits in the durable-job-alone measurement. */
const ALONE = 3_000;

const snowflake = (prefix: number, n: number) => `${prefix}${String(n).padStart(17, "0")}`;

function signedInteractions(privateKey: KeyObject, count: number): SignedRequest[] {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify(
      slashCommand("imagine", { prompt: `bench lighthouse ${i}` }, { guildId: snowflake(2, i % GUILDS), userId: snowflake(4, Math.floor(i / GUILDS) % MEMBERS) }),
    );
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString("hex");
    return { body, headers: { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp } };
  });
}

/**
 * The /imagine ack path: signed interactions against POST /discord/interactions on the
 * product's HTTP server (verify, parse, engine.submit on SQLite, reply), workers off and a fake
 * Discord behind the REST client, next to a bare node:http server that verifies the same
 * signature and returns the same reply, and the Chat SDK peer, in the same process and run:
 * first a steady 500 req/s (p99), then saturation in one-second slices taking turns
 * (throughput, p50). The load generators run in this process too, so every side shares their
 * overhead. 127.0.0.1 only; BENCH_SECONDS sets the steady run's length and the number of slices.
 */
export async function discordBench(): Promise<BenchResult[]> {
  const dir = tempDir("pixorly-discord-bench-");
  const keys = generateKeyPairSync("ed25519");
  const publicKeyHex = keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");
  const logger = createLogger({ level: "silent", format: "json" });
  const fake = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN });
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db"), backgroundCheckpoints: true });
  const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://127.0.0.1" });
  const engine = benchEngine({ store, storage, logger });
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
      // Promise.resolve: the same harness also measures older trees, whose verifier answered synchronously.
      void Promise.resolve(verify(String(req.headers["x-signature-ed25519"]), String(req.headers["x-signature-timestamp"]), Buffer.concat(chunks))).then((ok) => {
        res.writeHead(ok ? 200 : 401, { "content-type": "application/json", "content-length": Buffer.byteLength(bareReply) });
        res.end(bareReply);
      }, () => res.writeHead(500).end());
    });
  });

  let peer: Awaited<ReturnType<typeof startChatSdkPeer>> | null = null;
  try {
    peer = await startChatSdkPeer({ platform: "discord", publicKey: publicKeyHex, applicationId: APP_ID, botToken: BOT_TOKEN, apiUrl: fake.apiUrl });
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
    const peerNext = { i: 0 };
    const on = (url: string, next: { i: number }): LoadTarget => ({ url, path: "/discord/interactions", requests, next, connections: CONNECTIONS, label: "discord bench" });

    // Warm-up (discarded): JIT, and every workspace and member created once.
    // Until every (guild, member) pair has been seen, however slow the machine is today.
    do await saturate(on(product, productNext), 1);
    while (productNext.i < GUILDS * MEMBERS);
    await saturate(on(bareUrl, bareNext), 1);
    await saturate(on(peer.url, peerNext), 1);
    const productFixed = await steady(on(product, productNext), FIXED_RATE, SECONDS);
    const bareFixed = await steady(on(bareUrl, bareNext), FIXED_RATE, SECONDS);
    const [productRuns, bareRuns, peerRuns] = (await interleaved([on(product, productNext), on(bareUrl, bareNext), on(peer.url, peerNext)], SECONDS)) as [
      AutocannonResult[],
      AutocannonResult[],
      AutocannonResult[],
    ];
    const productMax = summarize(productRuns);
    const bareMax = summarize(bareRuns);
    const peerMax = summarize(peerRuns);
    // Every ack should be a real submit, not a cheaper rejection or duplicate.
    const workspaces = await store.workspaces.list();
    const jobs = await Promise.all(workspaces.map((w) => store.jobs.list({ workspaceId: w.id, limit: 1_000_000 })));
    const accepted = jobs.reduce((n, list) => n + list.length, 0);
    // The same submits as /imagine makes (same guilds and members, so the same cached actors), alone.
    const submitCpuMs = await cpuPerSubmit(
      async (i) => {
        const prompt = `bench lighthouse alone ${i}`;
        const interaction = slashCommand("imagine", { prompt }, { guildId: snowflake(2, i % GUILDS), userId: snowflake(4, Math.floor(i / GUILDS) % MEMBERS) });
        const invoker = invokerOf(interaction, Date.now(), () => undefined)!;
        const result = await engine.submit({ ...jobOrigin(invoker, false), request: generationRequestFromOptions({ prompt }) });
        if (!result.ok || result.value.duplicate) throw new Error(`discord bench: a submit alone was not accepted: ${JSON.stringify(result)}`);
      },
      ALONE,
      CONNECTIONS,
    );

    return [
      {
        name: "discord-ack-throughput",
        unit: "req/s",
        value: round(productMax.rate),
        baseline: round(bareMax.rate),
        ratio: round(productMax.rate / bareMax.rate, 3),
        connections: CONNECTIONS,
        seconds: SECONDS,
        accepted,
        sent: productNext.i,
        cpuMsPerRequest: round(cpuPerRequest(productRuns), 3),
        baselineCpuMsPerRequest: round(cpuPerRequest(bareRuns), 3),
        target: "ratio >= 0.7",
      },
      {
        // The peer a team would pick instead (Vercel's Chat SDK), acking only: we do a durable, charged job per request.
        name: "discord-ack-throughput-vs-chat-sdk",
        unit: "req/s",
        value: round(productMax.rate),
        baseline: round(peerMax.rate),
        ratio: round(productMax.rate / peerMax.rate, 3),
        peer: "chat@4.41.0 + @chat-adapter/discord@4.41.0, in-memory state",
        cpuMsPerRequest: round(cpuPerRequest(productRuns), 3),
        peerCpuMsPerRequest: round(cpuPerRequest(peerRuns), 3),
        // Of cpuMsPerRequest, what the durable charged job costs alone (engine.submit, same inputs, no HTTP).
        submitCpuMs: round(submitCpuMs, 3),
        loadAverage: loadavg().map((n) => round(n, 2)),
        target: "ratio >= 1",
      },
      {
        name: "discord-ack-p50",
        unit: "ms",
        value: productMax.p50,
        baseline: bareMax.p50,
        ratio: round(productMax.p50 / Math.max(bareMax.p50, 1), 2),
        load: `max, ${CONNECTIONS} connections, median of ${SECONDS} one-second slices`,
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
    await peer?.close().catch(() => undefined);
    await edge?.stop();
    await http.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    await engine.stop(0);
    await store.close();
    await fake.close();
    dir.remove();
  }
}
