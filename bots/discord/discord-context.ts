import type { Engine } from "../../core/engine/engine.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { InteractionWebhooks } from "./interaction-webhooks.ts";

/** What every interaction handler gets; built once by startDiscord. */
export interface DiscordContext {
  engine: Engine;
  storage: ObjectStorage;
  webhooks: InteractionWebhooks;
  logger: Logger;
  /** The product's base URL, for share links (known only after the HTTP server listens). */
  publicUrl: () => string;
  /** The engine's clock: reply-target expiries are stamped with it. */
  now: () => number;
  /** DISCORD_TOKEN is set, so results that outlive the 15-minute interaction token still get posted. */
  lateDelivery: boolean;
  /** Server names are known on the gateway only; HTTP interactions carry ids. */
  guildName: (guildId: string) => string | undefined;
  /** How long an answer may take before it is deferred instead (Discord allows 3 s for the whole response). */
  deferAfterMs: number;
}
