import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { answerSubmission } from "./answer-submission.ts";
import type { DiscordContext } from "./discord-context.ts";
import type { InteractionReply } from "./interaction-reply.ts";
import type { Invoker } from "./invoker.ts";

/** /imagine: the interaction id is the idempotency key, so a redelivered interaction charges once. */
export function handleImagine(ctx: DiscordContext, invoker: Invoker, options: OptionValues): Promise<InteractionReply> {
  const request = generationRequestFromOptions(options);
  const target = invoker.replyTarget(request.private === true);
  const submitting = ctx.engine.submit({
    actor: invoker.actor,
    source: "discord",
    idempotencyKey: invoker.interactionId,
    channelKey: invoker.channelKey,
    replyTarget: target,
    request,
  });
  return answerSubmission(ctx, target, submitting, target.private);
}
