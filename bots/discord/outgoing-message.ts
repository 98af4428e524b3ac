import type { APIInteractionResponseCallbackData, RawFile } from "discord.js";
import { LIMITS, truncate } from "./limits.ts";

/** A message body as replies, edits, follow-ups and channel posts all accept it. */
export type MessageBody = Pick<APIInteractionResponseCallbackData, "content" | "embeds" | "components" | "allowed_mentions">;

/** A body plus the files it references as attachment://<name>. */
export interface OutgoingMessage {
  body: MessageBody;
  files: RawFile[];
}

/** Text from people (prompts) ends up in content: it must never ping anyone or @everyone. */
export const NO_MENTIONS = { parse: [] } as const satisfies MessageBody["allowed_mentions"];

export function textMessage(content: string): OutgoingMessage {
  return { body: { content: truncate(content, LIMITS.content), embeds: [], components: [], allowed_mentions: NO_MENTIONS }, files: [] };
}
