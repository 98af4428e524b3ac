import { ComponentType, MessageFlags, type APIModalSubmitInteraction, type ModalSubmitComponent } from "discord.js";
import { answerSubmission } from "./answer-submission.ts";
import { parseRemixFormId } from "./custom-id.ts";
import type { DiscordContext } from "./discord-context.ts";
import { ephemeralText, type InteractionReply } from "./interaction-reply.ts";
import { jobOrigin, type Invoker } from "./invoker.ts";
import { REMIX_FIELDS, renderRemixModal } from "./render-remix-modal.ts";

/**
 * The Remix button: opens the form pre-filled from the engine's remix draft of that image.
 * A modal is the interaction's initial response and cannot be deferred, so the draft gets the
 * same budget as any answer (`deferAfterMs`, under Discord's 3 s); if the store is slower than
 * that, the person is told to press again instead of seeing "interaction failed".
 */
export async function openRemixForm(ctx: DiscordContext, invoker: Invoker, jobId: string, index: number): Promise<InteractionReply> {
  const drafting = ctx.engine.remixDraft(invoker.actor, jobId, index);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ctx.deferAfterMs)));
  const draft = await Promise.race([drafting, late]);
  clearTimeout(timer);
  if (!draft) {
    // Settle the late draft quietly: nothing waits for it any more.
    drafting.catch((error: unknown) => ctx.logger.warn({ err: error, jobId }, "a late remix draft failed"));
    ctx.logger.warn({ interactionId: invoker.interactionId, ms: ctx.deferAfterMs }, "the remix draft was slow; asking to press Remix again");
    return ephemeralText("Pixorly took too long to open the Remix form. Please press Remix again.");
  }
  if (!draft.ok) return ephemeralText(draft.error.message);
  return { response: renderRemixModal(jobId, index, draft.value) };
}

/**
 * The Remix form, submitted (MODAL_SUBMIT): a new job from the chosen result, its stored copy as
 * the input image (never a Discord CDN link, so it works days later), linked to the original.
 * The draft is asked for again so the image's visibility is checked now, not when the form opened.
 * Answered like /imagine: queued, or an ephemeral refusal that cost nothing.
 */
export function submitRemixForm(ctx: DiscordContext, invoker: Invoker, interaction: APIModalSubmitInteraction): Promise<InteractionReply> {
  const form = parseRemixFormId(interaction.data.custom_id);
  if (!form) return Promise.resolve(ephemeralText("This form is from an older version of Pixorly and no longer works."));
  const fields = formValues(interaction.data.components);
  const prompt = (fields.get(REMIX_FIELDS.prompt) ?? "").trim();
  const strengthText = (fields.get(REMIX_FIELDS.strength) ?? "").trim();
  const strength = strengthText ? Number(strengthText.replace(",", ".")) : undefined;
  if (strength !== undefined && !Number.isFinite(strength)) {
    return Promise.resolve(ephemeralText(`Strength must be a number from 0.05 to 1 (you typed "${strengthText}"). Nothing was charged.`));
  }
  // A remix from a private (ephemeral) result stays private.
  const fromPrivate = ((interaction.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  const origin = jobOrigin(invoker, fromPrivate);
  const submitting = ctx.engine.remixDraft(invoker.actor, form.jobId, form.index).then((draft) => {
    if (!draft.ok) return draft;
    return ctx.engine.submit({
      ...origin,
      request: {
        prompt: prompt || draft.value.prompt,
        model: fields.get(REMIX_FIELDS.model) || draft.value.model,
        aspectRatio: fields.get(REMIX_FIELDS.aspect) || draft.value.aspectRatio,
        ...(strength !== undefined ? { strength } : {}),
        private: fromPrivate,
      },
      inputImage: { kind: "image", imageId: draft.value.imageId },
      parentJobId: form.jobId,
    });
  });
  return answerSubmission(ctx, origin.replyTarget, submitting, fromPrivate);
}

/**
 * The submitted values by custom_id, from either modal layout Discord documents: Label
 * components (type 18, one component each) and the older action rows of text inputs.
 */
function formValues(components: APIModalSubmitInteraction["data"]["components"]): Map<string, string> {
  const values = new Map<string, string>();
  const read = (component: ModalSubmitComponent) => {
    if (component.type === ComponentType.TextInput) values.set(component.custom_id, component.value);
    else if (component.type === ComponentType.StringSelect && component.values[0] !== undefined) values.set(component.custom_id, component.values[0]);
  };
  for (const top of components ?? []) {
    if (top.type === ComponentType.Label) read(top.component);
    else if (top.type === ComponentType.ActionRow) top.components.forEach(read);
  }
  return values;
}
