import type { IncomingMessage, ServerResponse } from "node:http";
import { REST } from "discord.js";
import type { Config } from "../../core/config/load-config.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { AckGate } from "./ack-gate.ts";
import { ChannelPoster } from "./channel-poster.ts";
import type { DiscordContext } from "./discord-context.ts";
import { DiscordNotifier } from "./discord-notifier.ts";
import { createGatewayClient, startGateway } from "./gateway-transport.ts";
import { createHttpTransport, INTERACTIONS_PATH } from "./http-transport.ts";
import { InteractionWebhooks } from "./interaction-webhooks.ts";

/** The part of the product's HTTP server this edge uses. */
export interface HttpMount {
  mount(method: string, path: string, handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): void;
}

export interface StartDiscordOptions {
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_PUBLIC_KEY" | "DISCORD_APPLICATION_ID" | "DISCORD_API_URL">;
  engine: Engine;
  storage: ObjectStorage;
  http: HttpMount;
  logger: Logger;
  publicUrl: () => string;
  /** Progress edits per job at most this often (default 1 s). */
  throttleMs?: number;
  /** An answer not ready after this is deferred (default 1.5 s of Discord's 3, leaving room for the network). */
  deferAfterMs?: number;
  /**
   * False in a worker process: only the notifier is registered, so jobs this process finishes
   * still reach Discord, while interactions (route or gateway) are served by the bots role.
   */
  serve?: boolean;
}

export interface DiscordEdge {
  /** Drops held progress edits and closes the gateway. Edits still in flight finish. */
  stop(): Promise<void>;
}

/**
 * Starts the Discord front end, or returns null when Discord is not configured.
 * DISCORD_PUBLIC_KEY + DISCORD_APPLICATION_ID: HTTP interactions on POST /discord/interactions
 * (DISCORD_TOKEN, if set, only for REST). DISCORD_TOKEN alone: the gateway. Either way the
 * Discord notifier is registered with the engine.
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordEdge | null> {
  const { config, engine } = options;
  const token = config.DISCORD_TOKEN;
  const publicKey = config.DISCORD_APPLICATION_ID ? config.DISCORD_PUBLIC_KEY : undefined;
  if (!publicKey && !token) return null;
  const serve = options.serve ?? true;
  const transport = !serve
    ? ({ kind: "notify-only" } as const)
    : publicKey
      ? ({ kind: "http", publicKey } as const)
      : ({ kind: "gateway", token: token!, client: createGatewayClient(config.DISCORD_API_URL) } as const);

  const logger = options.logger.child({ component: "discord" });
  const acks = new AckGate();
  // The gateway client brings its own REST (it gets the token at login); HTTP interactions
  // need one of their own, with the bot token only if there is one.
  const client = transport.kind === "gateway" ? transport.client : null;
  const rest = client?.rest ?? new REST({ api: config.DISCORD_API_URL });
  if (!client && token) rest.setToken(token);
  const webhooks = new InteractionWebhooks(rest, acks);
  const now = () => engine.now();

  const notifier = new DiscordNotifier({ webhooks, poster: token ? new ChannelPoster(rest) : null, storage: options.storage, logger, now, throttleMs: options.throttleMs });
  engine.register(notifier);
  const ctx: DiscordContext = {
    engine,
    storage: options.storage,
    webhooks,
    logger,
    publicUrl: options.publicUrl,
    now,
    lateDelivery: Boolean(token),
    guildName: (id) => client?.guilds.cache.get(id)?.name,
    deferAfterMs: options.deferAfterMs ?? 1_500,
  };

  if (transport.kind === "notify-only") return { stop: async () => notifier.stop() };
  if (transport.kind === "http") {
    if (!token) {
      logger.warn(
        "DISCORD_TOKEN is not set: results that take longer than the 15-minute interaction token cannot be posted. Set DISCORD_TOKEN (the bot token) to post them.",
      );
    }
    options.http.mount("POST", INTERACTIONS_PATH, createHttpTransport({ ctx, acks, publicKey: transport.publicKey }));
    // Without a gateway connection nothing reports a removal from a server (guildDelete).
    logger.info({ path: INTERACTIONS_PATH }, "Discord: HTTP interactions (set this path as the Interactions Endpoint URL)");
    return { stop: async () => notifier.stop() };
  }

  const gateway = transport.client;
  await startGateway({ client: gateway, token: transport.token, ctx, acks });
  logger.info({ user: gateway.user?.tag }, "Discord: gateway connected");
  return {
    async stop() {
      notifier.stop();
      await gateway.destroy();
    },
  };
}
