import type { SlackMessage } from "./render-job-message.ts";

const TIMEOUT_MS = 10_000;

export interface ResponseUrlPost extends Pick<SlackMessage, "text">, Partial<Pick<SlackMessage, "blocks">> {
  /** Replace the message the URL belongs to (the command's response, the pressed message). */
  replace_original?: boolean;
  response_type?: "ephemeral" | "in_channel";
}

/**
 * Posts to a response_url: the slash command's or button's own reply channel, which works in
 * channels the bot is not in and for ephemeral messages. False when Slack refuses (expired
 * after 30 minutes, used five times); the caller decides what else to do.
 */
export async function postToResponseUrl(url: string, body: ResponseUrlPost): Promise<boolean> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  // Slack answers errors as 404 {"ok":false,"error":"expired_url"}; the body is only for logs.
  await response.body?.cancel();
  return response.ok;
}
