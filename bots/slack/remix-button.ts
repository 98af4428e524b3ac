import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { REMIX_ACTION_ID } from "./action-ids.ts";
import { messageModal } from "./message-modal.ts";
import { encodeRemixMetadata, remixModal } from "./remix-modal.ts";
import { remixModelChoices } from "./remix-models.ts";
import type { SlackContext } from "./slack-context.ts";
import { pressedBy } from "./slack-invoker.ts";

const TITLE = "Remix with Pixorly";

/**
 * The Remix button under a result: a form with the job's prompt and model prefilled
 * (engine.remixDraft), run with the chosen image of that job as the input (remix-form.ts).
 * The input is the job's stored result, never a Slack file link, so a Remix works days later.
 * The modal opens at once ("Loading…": the trigger_id lives 3 seconds) and is filled after the
 * store answers. The new job goes where the result is: its conversation and thread (a private
 * result's remix stays private and goes to the DM, as a private mention's result does).
 */
export function registerRemixButton(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: REMIX_ACTION_ID }, async ({ ack, body, action, client, respond }) => {
    await ack();
    const invoker = pressedBy(body);
    if (!invoker) return void (await respond({ response_type: "ephemeral", replace_original: false, text: "Remix works on a result in a conversation." }));
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: messageModal("Loading…", TITLE) });
    const viewId = opened.view?.id;
    if (!viewId) return;
    const show = (text: string) => client.views.update({ view_id: viewId, view: messageModal(text, TITLE) });

    const { teamId, channelId } = invoker;
    const jobId = action.value ?? "";
    try {
      const [draft, viewed] = await Promise.all([ctx.engine.remixDraft(invoker.actor, jobId, 0), ctx.engine.view(invoker.actor, jobId)]);
      if (!draft.ok) return void (await show(draft.error.message));
      const models = remixModelChoices(ctx.engine.catalog, { allowedModels: [], nsfw: "allow" }, draft.value.imageModels);
      if (!models.length) return void (await show("No model this workspace allows can start from an image. Nothing was charged."));
      const threadTs = (body.container.thread_ts as string | undefined) ?? (body.message?.thread_ts as string | undefined) ?? null;
      // The job decides, not the message: /show answers privately about public jobs too.
      const isPrivate = viewed.ok && viewed.value.job.private;
      const metadata = encodeRemixMetadata({ from: { kind: "job", jobId: draft.value.jobId }, channelId, threadTs, responseUrl: body.response_url || null, private: isPrivate })!;
      const imageCount = viewed.ok ? viewed.value.images.length : 1;
      const startingFrom = imageCount > 1 ? `an image of job ${draft.value.jobId}` : `the image of job ${draft.value.jobId}`;
      await client.views.update({
        view_id: viewId,
        view: remixModal({ startingFrom, prompt: draft.value.prompt, models, model: draft.value.model, imageCount, metadata }),
      });
    } catch (error) {
      ctx.logger.warn({ err: error, teamId, jobId }, "filling the Slack remix form failed");
      await show("The form could not be loaded this time. Close this and try again.");
    }
  });
}
