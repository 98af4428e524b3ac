import { createHmac } from "node:crypto";

export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:<timestamp>:<raw body>"). */
export function signatureHeaders(body: string, timestamp = Math.floor(Date.now() / 1000), secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestamp) };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  teamId: string;
  channelId: string;
  userId: string;
  triggerId: string;
  responseUrl: string;
  channelName?: string;
  userName?: string;
  teamDomain?: string;
}

/** A slash command as Slack posts it: form-encoded. */
export function slashCommandBody(f: SlashCommandFields): string {
  return new URLSearchParams({
    token: "verification-token-unused",
    team_id: f.teamId,
    team_domain: f.teamDomain ?? "pixorly-test",
    channel_id: f.channelId,
    channel_name: f.channelName ?? "general",
    user_id: f.userId,
    user_name: f.userName ?? f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: "A0APP",
    is_enterprise_install: "false",
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  }).toString();
}

/** Interactivity (button presses, modal submissions) is form-encoded with one JSON `payload` field. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
