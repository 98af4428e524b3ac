import { InteractionResponseType, MessageFlags, type APIInteractionResponse } from "discord.js";
import type { DiscordContext } from "./discord-context.ts";
import { withAttachments, type InteractionHandle } from "./interaction-webhooks.ts";
import { textMessage, type OutgoingMessage } from "./outgoing-message.ts";

/** A handler's answer: the interaction response, and what must wait until Discord has it. */
export interface InteractionReply {
  response: APIInteractionResponse;
  /** Runs after the response is sent: edits of a deferred reply, uploads, re-deliveries. */
  after?: () => Promise<void>;
}

export interface ReplyOptions {
  ephemeral: boolean;
  /** Replace the message a button sits on instead of posting a new one. */
  update?: boolean;
}

/**
 * Answers with `message`. Files cannot ride in an HTTP interaction response, so a message
 * with files is deferred and then uploaded as an edit of the reply (the same on both
 * transports).
 */
export function reply(ctx: DiscordContext, handle: InteractionHandle, message: OutgoingMessage, options: ReplyOptions): InteractionReply {
  const flags = options.ephemeral && !options.update ? MessageFlags.Ephemeral : undefined;
  if (message.files.length) {
    return {
      response: options.update
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: flags ? { flags } : {} },
      after: () => ctx.webhooks.editOriginal(handle, message),
    };
  }
  const data = { ...withAttachments(message), ...(flags ? { flags } : {}) };
  return {
    response: options.update
      ? { type: InteractionResponseType.UpdateMessage, data }
      : { type: InteractionResponseType.ChannelMessageWithSource, data },
  };
}

/** Only the person who asked sees it: rejections, errors, personal answers. */
export function ephemeralText(content: string): InteractionReply {
  return {
    response: {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { ...textMessage(content).body, flags: MessageFlags.Ephemeral },
    },
  };
}
