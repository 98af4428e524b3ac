import { InteractionResponseType, MessageFlags } from "discord.js";
import { acceptedText } from "../../core/commands/render-text.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import type { Result } from "../../core/domain/result.ts";
import type { Accepted } from "../../core/engine/submit-generation.ts";
import type { DiscordContext } from "./discord-context.ts";
import { ephemeralText, reply, type InteractionReply } from "./interaction-reply.ts";
import type { InteractionHandle } from "./interaction-webhooks.ts";
import { textMessage } from "./outgoing-message.ts";
import { renderJobMessage } from "./render-job-message.ts";

/**
 * Answers a submission (/imagine, Regenerate, Variations). The submit is fast, so it is awaited
 * and answered directly: "Queued — position N, costs C credits", or an ephemeral rejection that
 * cost nothing. Only a submit slower than `deferAfterMs` is deferred and answered by an edit.
 */
export async function answerSubmission(
  ctx: DiscordContext,
  handle: InteractionHandle,
  submitting: Promise<Result<Accepted, Rejection>>,
  isPrivate: boolean,
): Promise<InteractionReply> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ctx.deferAfterMs)));
  const settled = await Promise.race([submitting, deadline]);
  clearTimeout(timer);
  if (settled) return answer(ctx, handle, settled, isPrivate);

  ctx.logger.warn({ interactionId: handle.interactionId, ms: ctx.deferAfterMs }, "submit was slow; deferring the /imagine reply");
  return {
    response: { type: InteractionResponseType.DeferredChannelMessageWithSource, data: isPrivate ? { flags: MessageFlags.Ephemeral } : {} },
    after: async () => {
      const result = await submitting;
      if (result.ok) return ctx.engine.delivery.deliver(result.value.job.id);
      if (isPrivate) return ctx.webhooks.editOriginal(handle, textMessage(result.error.message));
      // The deferred reply is public, but a rejection is for the requester only.
      await ctx.webhooks.deleteOriginal(handle);
      await ctx.webhooks.followUp(handle, textMessage(result.error.message), { ephemeral: true });
    },
  };
}

function answer(ctx: DiscordContext, handle: InteractionHandle, result: Result<Accepted, Rejection>, isPrivate: boolean): InteractionReply {
  if (!result.ok) return ephemeralText(result.error.message);
  const accepted = result.value;
  const view = { job: accepted.job, images: [], position: accepted.position };
  const answered = reply(ctx, handle, { body: renderJobMessage(view, [], { headline: acceptedText(accepted) }), files: [] }, { ephemeral: isPrivate });
  // A repeated interaction may find its job long finished: show the current state once the reply exists.
  return accepted.duplicate ? { ...answered, after: () => ctx.engine.delivery.deliver(accepted.job.id) } : answered;
}
