import { webApi } from "@slack/bolt";
import type { InputImageSource } from "../../core/domain/input-image.ts";
import { platformErrorCode } from "./slack-errors.ts";
import type { WebClient } from "./slack-context.ts";
import { completeFiles, filesOf, pickImageFile, slackFileOrigins, slackFileSource, type PickedImage } from "./slack-image-file.ts";

export type MentionImage = { kind: "none" } | { kind: "image"; source: InputImageSource } | { kind: "refused"; reason: string };

interface MentionEvent {
  channel: string;
  ts: string;
  thread_ts?: string;
  files?: unknown;
}

/**
 * The image a mention starts from. The rule, in order:
 * 1. the mention's own files: its first PNG, JPEG or WebP; files that are not (or too large) are
 *    refused with the reason, since they were attached on purpose;
 * 2. in a thread, the thread's first message (its parent): its first usable image; a parent
 *    with no image file leaves the prompt on its own (a thread can start with anything), an
 *    image there that cannot be used is refused;
 * 3. otherwise none: the mention is a text prompt, as before.
 * Reading the parent takes conversations.replies (the *:history scopes). Slack limits that
 * method to one call a minute for commercially distributed apps outside the Marketplace, so
 * it is asked once, without waiting out a `ratelimited` answer: a parent Pixorly cannot read is
 * refused with words, never silently skipped (which would charge for a different picture).
 */
export async function mentionImage(client: WebClient, event: MentionEvent, botToken: string): Promise<MentionImage> {
  const own = pickImageFile(await completeFiles(client, filesOf(event)), true);
  if (own.kind !== "none") return asSource(own, client, botToken);
  if (!event.thread_ts || event.thread_ts === event.ts) return { kind: "none" };

  let parent: unknown;
  try {
    parent = await threadParent(oneShot(client, botToken), event.channel, event.thread_ts);
  } catch (error) {
    const code = platformErrorCode(error) ?? (isRateLimited(error) ? "ratelimited" : null);
    if (code === "thread_not_found") return { kind: "none" };
    return {
      kind: "refused",
      reason: `Pixorly could not look at this thread's first message for an image (Slack answered "${code ?? "nothing"}"). Attach the image to your mention, or mention Pixorly outside a thread for a prompt alone. Nothing was charged.`,
    };
  }
  return asSource(pickImageFile(await completeFiles(client, filesOf(parent)), false), client, botToken);
}

/** The thread's first message, as conversations.replies returns it (the parent comes first). */
async function threadParent(client: WebClient, channel: string, threadTs: string): Promise<unknown> {
  const thread = await client.conversations.replies({ channel, ts: threadTs, limit: 1 });
  return thread.messages?.find((m) => m.ts === threadTs);
}

function asSource(picked: PickedImage, client: WebClient, botToken: string): MentionImage {
  if (picked.kind !== "image") return picked;
  const source = slackFileSource(picked.file, botToken, slackFileOrigins(client));
  return "refused" in source ? { kind: "refused", reason: source.refused } : { kind: "image", source };
}

/** A client for one call that answers `ratelimited` at once instead of waiting (Bolt's retries up to five minutes). */
function oneShot(client: WebClient, botToken: string): WebClient {
  return new webApi.WebClient(botToken, { slackApiUrl: client.slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: silent });
}

function isRateLimited(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === webApi.ErrorCode.RateLimitedError;
}

/** The one-shot client's own logging would repeat what the caller tells the person. */
const silent = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
