import { z } from "zod";
import type { ReplyTarget } from "../../core/domain/job.ts";

/** Interaction tokens work for 15 minutes; a margin keeps an edit from racing the expiry. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const EXPIRY_MARGIN_MS = 30_000;

const schema = z.object({
  platform: z.literal("discord"),
  applicationId: z.string().min(1),
  interactionId: z.string().min(1),
  /** Lets any process edit the reply (PATCH .../messages/@original) until `expiresAt`. */
  token: z.string().min(1),
  expiresAt: z.number(),
  guildId: z.string().min(1),
  /** Where a result is posted with the bot token once the interaction token has expired. */
  channelId: z.string().min(1),
  /** The requester, mentioned when a job took long and sent a DM when a private job outlives the token. */
  userId: z.string().min(1),
  /** The reply is ephemeral: never posted in the channel, images fetched through private URLs. */
  private: z.boolean(),
  /** The interaction's attachment_size_limit: the most bytes one reply may upload. */
  attachmentSizeLimit: z.number().int().positive(),
});

/**
 * What a Discord job stores as its reply target (written by the edge at submit, read by the
 * notifier in whichever process delivers). Opaque JSON to the engine.
 */
export type DiscordReplyTarget = z.infer<typeof schema> & ReplyTarget;

export function discordReplyTarget(fields: Omit<z.infer<typeof schema>, "platform" | "expiresAt">, receivedAt: number): DiscordReplyTarget {
  return { platform: "discord", ...fields, expiresAt: receivedAt + TOKEN_LIFETIME_MS - EXPIRY_MARGIN_MS };
}

/** Null for other platforms' targets and for rows written by an incompatible version. */
export function readReplyTarget(target: ReplyTarget | null): DiscordReplyTarget | null {
  if (target?.platform !== "discord") return null;
  const parsed = schema.safeParse(target);
  return parsed.success ? parsed.data : null;
}
