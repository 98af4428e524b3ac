import { MessageFlags, type APIMessageComponentInteraction } from "discord.js";
import { answerSubmission } from "./answer-submission.ts";
import { parseButtonId, type JobAction } from "./custom-id.ts";
import type { DiscordContext } from "./discord-context.ts";
import { collectionReply, searchReply } from "./handle-browse.ts";
import { pressSuggestion } from "./handle-describe.ts";
import { ephemeralText, reply, type InteractionReply } from "./interaction-reply.ts";
import { jobOrigin, type Invoker } from "./invoker.ts";
import { renderDetails } from "./render-details.ts";
import { renderJobMessage } from "./render-job-message.ts";
import { openRemixForm } from "./handle-remix.ts";

/** Button presses. Everything comes from the custom_id and the store, so old buttons keep working. */
export async function handleButton(ctx: DiscordContext, invoker: Invoker, interaction: APIMessageComponentInteraction): Promise<InteractionReply> {
  const action = parseButtonId(interaction.data.custom_id);
  if (!action) return ephemeralText("This button is from an older version of Pixorly and no longer works.");
  switch (action.kind) {
    case "collection":
      return collectionReply(ctx, invoker, action.scope, action.page, true);
    case "search":
      return searchReply(ctx, invoker, action.query, action.page, true);
    case "remix":
      return openRemixForm(ctx, invoker, action.jobId, action.index);
    case "describe":
      return pressSuggestion(ctx, invoker, interaction.message, action.index);
    case "job": {
      // Private jobs are rendered as ephemeral messages, and their reruns stay private.
      const fromPrivate = ((interaction.message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      return jobButton(ctx, invoker, action.action, action.jobId, fromPrivate);
    }
  }
}

async function jobButton(ctx: DiscordContext, invoker: Invoker, action: JobAction, jobId: string, fromPrivate: boolean): Promise<InteractionReply> {
  const { engine } = ctx;
  const { actor } = invoker;
  switch (action) {
    case "regenerate":
    case "variations": {
      const origin = jobOrigin(invoker, fromPrivate);
      const submitting = engine.rerun(actor, jobId, action, origin);
      return answerSubmission(ctx, origin.replyTarget, submitting, fromPrivate);
    }
    case "save": {
      const saved = await engine.saveToCollection(actor, jobId);
      if (!saved.ok) return ephemeralText(saved.error.message);
      return ephemeralText(`Saved ${saved.value} image(s) to your collection. \`/collection\` → My saved images shows them.`);
    }
    case "details": {
      const viewed = await engine.view(actor, jobId);
      return viewed.ok ? reply(ctx, invoker.handle, { body: renderDetails(viewed.value), files: [] }, { ephemeral: true }) : ephemeralText(viewed.error.message);
    }
    case "delete":
    case "cancel": {
      const done = action === "delete" ? await engine.deleteImages(actor, jobId) : await engine.cancel(actor, jobId);
      if (!done.ok) return ephemeralText(done.error.message);
      // The pressed message shows the new state at once; the notifier's edit of the job's own
      // reply (the same message, usually) follows and changes nothing.
      const viewed = await engine.view(actor, jobId);
      if (!viewed.ok) return ephemeralText(viewed.error.message);
      return reply(ctx, invoker.handle, { body: renderJobMessage(viewed.value, []), files: [] }, { ephemeral: fromPrivate, update: true });
    }
  }
}
