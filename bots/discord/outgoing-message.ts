import type { APIAllowedMentions, APIInteractionResponse, APIInteractionResponseCallbackData, RawFile } from "discord.js";
import { InteractionResponseType } from "discord.js";
import { inertContent } from "./inert-text.ts";
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

/**
 * The one gate every message body passes on its way out (responses, edits, follow-ups, channel
 * posts, DMs): `allowed_mentions` always parses nothing, so no text can ping @everyone, @here,
 * a role or a user. Only ids code put in `users` on purpose (the requester of a long job,
 * taken from the interaction, never from text) may be pinged; roles never. It is set on edits
 * too: Discord re-parses an edited content's mentions with default allowances when an edit
 * carries no allowed_mentions, whatever the original message had.
 */
export function withNoMentions<T extends { allowed_mentions?: APIAllowedMentions }>(body: T): T & { allowed_mentions: APIAllowedMentions } {
  const users = body.allowed_mentions?.users ?? [];
  return { ...body, allowed_mentions: users.length ? { parse: [], users: [...users] } : { parse: [] } };
}

/** Interaction responses that create or change a message (4, 5, 7) get the same gate. */
export function withNoMentionsResponse(response: APIInteractionResponse): APIInteractionResponse {
  switch (response.type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.UpdateMessage:
      return { ...response, data: withNoMentions((response.data ?? {}) as MessageBody) } as APIInteractionResponse;
    case InteractionResponseType.DeferredChannelMessageWithSource:
      // Discord takes only `flags` in a deferred (5) response (discord-api-types types its data as
      // Pick<..., "flags">): the message, and its allowed_mentions, come with the edit that fills it.
      return response.data?.flags === undefined ? { type: response.type } : { type: response.type, data: { flags: response.data.flags } };
    default:
      return response;
  }
}

export function textMessage(content: string): OutgoingMessage {
  return { body: { content: truncate(inertContent(content), LIMITS.content), embeds: [], components: [], allowed_mentions: NO_MENTIONS }, files: [] };
}
