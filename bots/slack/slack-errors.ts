import { webApi } from "@slack/bolt";

/**
 * Slack's own error code ("not_in_channel", "message_not_found") when `error` is a Web API
 * platform error, else null. Branches use the code, never the message.
 */
export function platformErrorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, data } = error as { code?: unknown; data?: { error?: unknown } };
  return code === webApi.ErrorCode.PlatformError && typeof data?.error === "string" ? data.error : null;
}

/** chat.postMessage's answers when the bot cannot post in a conversation. */
export const NOT_IN_CONVERSATION = new Set(["not_in_channel", "channel_not_found", "is_archived"]);
