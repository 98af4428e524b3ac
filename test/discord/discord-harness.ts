import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import type { APIInteraction, APIInteractionResponse } from "discord.js";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { Engine } from "../../core/engine/engine.ts";
import type { EngineOptions } from "../../core/engine/engine-options.ts";
import { engineHarness } from "../support/engine-harness.ts";
import { slowStore, type StoreDelay } from "./slow-store.ts";
import { tempDir } from "../support/temp-dir.ts";
import { responseViolation, startFakeDiscord, type RecordedCall } from "./fake-discord.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import type { ProviderId } from "../../core/domain/models.ts";
import { APP_ID, BOT_TOKEN, GUILD_ID, signedHeaders } from "./interactions.ts";
import type { GenerateInput } from "../../core/ports/image-provider.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";

/** Discord's rule: the initial response to an interaction must arrive within 3 seconds. */
export const RESPONSE_DEADLINE_MS = 3_000;

export interface DiscordHarnessOptions {
  transport: "http" | "gateway";
  /** DISCORD_TOKEN set (default true). */
  botToken?: boolean;
  /** Run the engine's workers (default true). */
  workers?: boolean;
  /** "public": images have public URLs (as with CloudFront), so embeds link instead of attaching. */
  storage?: "local" | "public";
  adminUserIds?: string[];
  /** Makes the fake's Create Interaction Response slow (gateway transport). */
  callbackDelayMs?: number;
  /** Every store call of the engine serving Discord waits this long first (changeable mid-test). */
  storeDelay?: StoreDelay;
  /**
   * Refuse initial responses later than Discord's 3 s, as Discord does (deadline tests). Off by
   * default so that other tests do not fail on a machine that is merely busy.
   */
  enforceDeadline?: boolean;
  /** Providers of the engine's catalog (default: the local renderer only), each a ScriptedProvider unless overridden. */
  providerIds?: ProviderId[];
  /** Engine options to replace (real providers for provider-kind tests). */
  engine?: Partial<EngineOptions>;
  /** The engine's fetch for input images (default: the safe fetch trusting only the fake Discord's CDN). */
  imageFetch?: EngineOptions["imageFetch"];
  /** /describe's vision services (default: the offline local describer). */
  describers?: EngineOptions["describers"];
  /** How long an answer may take before it is deferred (production: 1.5 s). */
  deferAfterMs?: number;
}

/**
 * The product's Discord edge end to end: a real engine on SQLite with local-disk storage, the
 * product's HTTP server, real discord.js, and a fake Discord on 127.0.0.1 as the network edge.
 */
export async function discordHarness(options: DiscordHarnessOptions) {
  const publicDir = options.storage === "public" ? tempDir("pixorly-discord-") : null;
  const fake = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN, callbackDelayMs: options.callbackDelayMs, enforceDeadline: options.enforceDeadline });
  const h = await engineHarness(
    {
      adminUserIds: options.adminUserIds ?? [],
      // Attachments live on the fake's CDN (plain HTTP on 127.0.0.1); every other host gets production's checks.
      imageFetch: options.imageFetch ?? createSafeImageFetch({ allowHosts: [fake.host], allowHttp: true }),
      ...(options.describers ? { describers: options.describers } : {}),
      ...(publicDir ? { storage: createLocalDiskStorage({ dataDir: publicDir.path, publicUrl: () => "https://images.pixorly.example" }) } : {}),
      ...options.engine,
    },
    options.providerIds,
  );
  // With a store delay, Discord is served by an engine over the slowed store; `h.store` stays
  // the fast real one for the test's own checks.
  const engine = options.storeDelay ? new Engine({ ...h.options, store: slowStore(h.store, options.storeDelay) }) : h.engine;
  const keys = generateKeyPairSync("ed25519");
  // The raw 32-byte key is the tail of its DER SubjectPublicKeyInfo, as the portal shows it in hex.
  const publicKeyHex = keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex");

  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: "info", format: "json", destination });
  // The engine's storage: the harness's own unless the test configured public URLs.
  const storage = h.options.storage;
  const http = createHttpServer({ logger, storage });
  let base = "";
  const viaHttp = options.transport === "http";
  const edge = await startDiscord({
    config: {
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_TOKEN: options.botToken === false ? undefined : BOT_TOKEN,
      DISCORD_PUBLIC_KEY: viaHttp ? publicKeyHex : undefined,
      DISCORD_APPLICATION_ID: viaHttp ? APP_ID : undefined,
    },
    engine,
    storage,
    http,
    logger,
    publicUrl: () => base,
    throttleMs: 0,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
  });
  if (!edge) throw new Error("startDiscord returned null for a Discord configuration");
  const { port } = await http.listen(0, "127.0.0.1");
  base = `http://127.0.0.1:${port}`;
  if (options.workers !== false) engine.start();

  /** Every answer /discord/interactions gave, in order (HTTP transport). */
  const responses: { status: number; json: (APIInteractionResponse & { data?: Record<string, unknown> }) | null; ms: number }[] = [];

  /** Signs and POSTs a body to /discord/interactions as Discord would. */
  async function post(body: string | Buffer, headers: Record<string, string> = signedHeaders(keys.privateKey, body)) {
    const started = performance.now();
    // Discord gives up on a response after 3 seconds; so does a deadline test, as Discord.
    const signal = options.enforceDeadline ? AbortSignal.timeout(RESPONSE_DEADLINE_MS) : undefined;
    const res = await fetch(`${base}/discord/interactions`, { method: "POST", headers, body, signal });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as APIInteractionResponse & { data?: Record<string, unknown> }) : null;
    // Playing Discord, as strictly as the fake: a response without the mention gate, or past a component or modal limit, fails the test.
    if (res.status === 200 && json) {
      const violation = responseViolation(json);
      if (violation) throw new Error(`interaction response refused: ${violation}: ${text}`);
    }
    responses.push({ status: res.status, json, ms: performance.now() - started });
    return { status: res.status, json };
  }

  /**
   * Delivers an interaction through the harness's transport and returns the interaction
   * response: the HTTP response body, or the gateway client's Create Interaction Response call.
   */
  async function send(interaction: APIInteraction): Promise<APIInteractionResponse & { data?: Record<string, unknown> }> {
    if (viaHttp) {
      const res = await post(JSON.stringify(interaction));
      if (res.status !== 200 || !res.json) throw new Error(`interaction answered ${res.status}`);
      fake.replied(interaction.token);
      return res.json;
    }
    fake.dispatch("INTERACTION_CREATE", interaction);
    const call = await fake.waitFor((c) => c.method === "POST" && c.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    return call.body as unknown as APIInteractionResponse & { data?: Record<string, unknown> };
  }

  /** The last edit of an interaction's reply once it shows a final state (its content says so). */
  function finalEdit(interaction: APIInteraction, pattern = /^(Done|Failed|Cancelled)/): Promise<RecordedCall> {
    return fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original` && pattern.test(String(c.body?.content ?? "")));
  }

  const workspace = () => h.store.workspaces.findByExternal("discord", GUILD_ID);

  return {
    h,
    /** The engine serving Discord: `h.engine`, or the one over the slowed store. */
    engine,
    fake,
    keys,
    logs,
    post,
    /** Where the product's HTTP server listens (for raw-socket clients). */
    baseUrl: () => base,
    responses,
    send,
    finalEdit,
    workspace,
    async cleanup() {
      if (options.storeDelay) options.storeDelay.ms = 0;
      await edge.stop();
      if (engine !== h.engine) await engine.stop(0);
      // The engine flushes its last deliveries while the fake can still answer them.
      await h.cleanup();
      await http.close();
      await fake.close();
      publicDir?.remove();
    },
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof discordHarness>>;

/** A provider call that finishes only when the test says so: call the returned function to release it. */
export function heldProvider(d: DiscordHarness): () => void {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  d.h.provider().script(async (input: GenerateInput) => {
    await released;
    return { images: [{ bytes: FAKE_PNG, contentType: "image/png" as const, width: input.width, height: input.height }], costUsd: null };
  });
  return release;
}
