import { z } from "zod";
import type { ReplyTarget } from "../../core/domain/job.ts";

/** response_url works for 30 minutes (and five posts); a margin keeps a post from racing the end. */
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000 - 30_000;

const schema = z.object({
  platform: z.literal("slack"),
  teamId: z.string().min(1),
  enterpriseId: z.string().min(1).nullable(),
  channelId: z.string().min(1),
  /** The thread the job's message lives in (an app mention inside a thread), else null. */
  threadTs: z.string().min(1).nullable(),
  /**
   * "message": the bot's own channel message, updated with chat.update once `messageTs` is
   * known. "response_url": the slash command's response (private jobs, and channels the bot
   * is not in), replaced through `responseUrl` until it expires.
   */
  via: z.enum(["message", "response_url"]),
  /** Set by the edge after chat.postMessage; until then deliveries wait for it. */
  messageTs: z.string().min(1).nullable(),
  responseUrl: z.string().url().nullable(),
  responseUrlExpiresAt: z.number().nullable(),
  /** The requester: private results and uploads that cannot go to the channel go to them directly. */
  userId: z.string().min(1),
  private: z.boolean(),
  /** The bot's user id, so a reply can say "/invite @Pixorly" with the app's real name. */
  botUserId: z.string().min(1).nullable(),
  /**
   * Images uploaded as Slack files (when our URLs are not public), so a repeated delivery
   * uploads nothing twice and Delete removes the copies in Slack too. An entry is recorded with
   * `shared: false` as soon as Slack hands out its file id, before the file is shared: a
   * delivery that finds one asks Slack whether that upload was completed (upload-images.ts
   * `settleReserved`) instead of uploading again. Rows written before #14 hold shared files only.
   */
  uploads: z.array(z.object({ imageId: z.string(), fileId: z.string(), shared: z.boolean().default(true) })),
});

/**
 * What a Slack job stores as its reply target: written by the edge at submit (and once more
 * when its message is posted), read by the notifier in whichever process delivers.
 */
export type SlackReplyTarget = z.infer<typeof schema> & ReplyTarget;

export function slackReplyTarget(
  fields: Omit<z.infer<typeof schema>, "platform" | "messageTs" | "responseUrlExpiresAt" | "uploads">,
  receivedAt: number,
): SlackReplyTarget {
  return {
    platform: "slack",
    ...fields,
    messageTs: null,
    responseUrlExpiresAt: fields.responseUrl ? receivedAt + RESPONSE_URL_LIFETIME_MS : null,
    uploads: [],
  };
}

/** Null for other platforms' targets and for rows written by an incompatible version. */
export function readReplyTarget(target: ReplyTarget | null): SlackReplyTarget | null {
  if (target?.platform !== "slack") return null;
  const parsed = schema.safeParse(target);
  return parsed.success ? parsed.data : null;
}
