import type { APIChatInputApplicationCommandInteraction } from "discord.js";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { answerSubmission } from "./answer-submission.ts";
import { attachedImage } from "./attachment-input.ts";
import type { DiscordContext } from "./discord-context.ts";
import { ephemeralText, type InteractionReply } from "./interaction-reply.ts";
import { jobOrigin, type Invoker } from "./invoker.ts";

/**
 * /imagine: the interaction id is the idempotency key, so a redelivered interaction charges once.
 * With an `image` attachment the job starts from that image; a file that is plainly not a usable
 * image is refused here, before the engine (and any charge).
 */
export async function handleImagine(
  ctx: DiscordContext,
  invoker: Invoker,
  options: OptionValues,
  interaction: APIChatInputApplicationCommandInteraction,
): Promise<InteractionReply> {
  const request = generationRequestFromOptions(options);
  const attached = attachedImage(interaction, "image");
  if (!attached.ok) return ephemeralText(attached.error);
  const inputImage = attached.value;
  const origin = jobOrigin(invoker, request.private === true);
  const submitting = ctx.engine.submit({ ...origin, request, ...(inputImage ? { inputImage } : {}) });
  return answerSubmission(ctx, origin.replyTarget, submitting, origin.replyTarget.private);
}
