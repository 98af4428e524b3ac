import { InteractionResponseType, MessageFlags, type APIInteractionResponseCallbackData } from "discord.js";
import type { DiscordContext } from "./discord-context.ts";
import type { InteractionReply } from "./interaction-reply.ts";
import type { InteractionHandle } from "./interaction-webhooks.ts";
import type { MessageBody, OutgoingMessage } from "./outgoing-message.ts";

/**
 * How an interaction is deferred when its answer is not ready in time: a command shows a
 * private "thinking…" reply (type 5, ephemeral: every command but /imagine answers privately),
 * a button keeps its message as it is (type 6) until the answer edits it or follows up.
 */
export type Deferral = "ephemeral-reply" | "update";

/**
 * Discord drops an interaction that has no response 3 seconds after sending it ("The
 * application did not respond"), and the store or a chart may take longer than that. The
 * answer is awaited for `ctx.deferAfterMs`: if ready, it is sent as it is (one message, no
 * loading state); if not, a deferred response goes out at once and the answer, when it comes,
 * edits the reply or follows up with the interaction token (valid 15 minutes).
 * Modals (type 9) cannot be deferred, so nothing may open one after a slow call.
 */
export async function answerInTime(
  ctx: DiscordContext,
  handle: InteractionHandle,
  deferral: Deferral,
  working: Promise<InteractionReply>,
): Promise<InteractionReply> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ctx.deferAfterMs)));
  const ready = await Promise.race([working, deadline]);
  clearTimeout(timer);
  if (ready) return ready;

  ctx.logger.warn({ interactionId: handle.interactionId, ms: ctx.deferAfterMs, deferral }, "a Discord answer was slow; deferring it");
  return {
    response:
      deferral === "update"
        ? { type: InteractionResponseType.DeferredMessageUpdate }
        : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } },
    after: async () => finish(ctx, handle, deferral, await working),
  };
}

/** Turns the answer a handler would have sent as the response into the edit or follow-up that replaces it. */
async function finish(ctx: DiscordContext, handle: InteractionHandle, deferral: Deferral, answer: InteractionReply): Promise<void> {
  const { response } = answer;
  switch (response.type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const { message, ephemeral } = asMessage(response.data ?? {});
      // After type 5 the reply exists (private, "thinking…"): the answer becomes that reply. After
      // type 6 the button's message must stay, so a new message is a follow-up.
      if (deferral === "ephemeral-reply") return ctx.webhooks.editOriginal(handle, message);
      return ctx.webhooks.followUp(handle, message, { ephemeral });
    }
    case InteractionResponseType.UpdateMessage:
      // Only buttons update their message; @original of a type 6 response is that message.
      return ctx.webhooks.editOriginal(handle, asMessage(response.data ?? {}).message);
    case InteractionResponseType.DeferredChannelMessageWithSource:
    case InteractionResponseType.DeferredMessageUpdate:
      // The answer was itself deferred (uploads): its own edit finishes it.
      await answer.after?.();
      return;
    default:
      ctx.logger.error({ interactionId: handle.interactionId, type: response.type }, "a deferred Discord answer cannot be delivered as an edit");
  }
}

function asMessage(data: APIInteractionResponseCallbackData): { message: OutgoingMessage; ephemeral: boolean } {
  // Flags cannot change in an edit (ephemerality is fixed by the deferral), so they are dropped.
  const { content, embeds, components, allowed_mentions } = data;
  const body: MessageBody = { content, embeds, components, allowed_mentions };
  return { message: { body, files: [] }, ephemeral: ((data.flags ?? 0) & MessageFlags.Ephemeral) !== 0 };
}
