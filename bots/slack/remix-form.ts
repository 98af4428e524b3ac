import type { App } from "@slack/bolt";
import { acceptedText } from "../../core/commands/render-text.ts";
import type { InputImageSource } from "../../core/domain/input-image.ts";
import { reject, type Rejection } from "../../core/domain/rejections.ts";
import { err, type Result } from "../../core/domain/result.ts";
import type { Accepted } from "../../core/engine/submit-generation.ts";
import { messageModal } from "./message-modal.ts";
import { postJobMessage } from "./post-job-message.ts";
import { decodeRemixMetadata, readRemixSubmission, REMIX_FORM_CALLBACK_ID, type RemixMetadata, type RemixSubmission } from "./remix-modal.ts";
import { slackReplyTarget, type SlackReplyTarget } from "./reply-target.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { slackFileOrigins } from "./slack-image-file.ts";
import { invokerOf, type SlackInvoker } from "./slack-invoker.ts";
import { withinDeadline } from "./within-deadline.ts";

const TITLE = "Remix with Pixorly";

/**
 * The remix form's submission (from the shortcut or a Remix button): one /imagine job with the
 * image as its input, idempotent on the view id (a form submits once). A quick answer is the
 * ack: a refusal (a model without image input, an image that cannot be used, no credits) is
 * shown under the form's field and costs nothing; an accepted job closes the form and gets its
 * message in the conversation. A slow one (fetching a big image) turns the form into "Starting…"
 * within Slack's 3 seconds and then into the outcome.
 */
export function registerRemixForm(app: App, ctx: SlackContext): void {
  app.view(REMIX_FORM_CALLBACK_ID, async ({ ack, body, view, client, context }) => {
    const metadata = decodeRemixMetadata(view.private_metadata);
    const teamId = body.team?.id ?? body.user.team_id;
    if (!metadata || !teamId || !context.botToken) {
      return ack({ response_action: "errors", errors: { prompt: "This form can no longer be used: close it and start the remix again." } });
    }
    const form = readRemixSubmission(view);
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    const invoker = invokerOf({
      teamId,
      enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id,
      channelId: metadata.channelId,
      userId: body.user.id,
      teamName: body.team?.domain,
      userName: body.user.name,
    });
    // A private remix has no ephemeral home after a modal: like a private mention, it goes to the DM.
    const target = slackReplyTarget(
      {
        teamId,
        enterpriseId: invoker.enterpriseId,
        channelId: metadata.private ? invoker.userId : metadata.channelId,
        threadTs: metadata.private ? null : metadata.threadTs,
        via: "message",
        responseUrl: metadata.private ? null : metadata.responseUrl,
        userId: invoker.userId,
        private: metadata.private,
        botUserId: context.botUserId ?? null,
      },
      ctx.now(),
    );
    const submitting = submitRemix(ctx, { invoker, metadata, form: form.value, target, viewId: view.id, botToken: context.botToken, client });

    const quick = await withinDeadline(submitting, ctx.ackDeadlineMs);
    if (quick) {
      if (!quick.ok) return ack({ response_action: "errors", errors: { [fieldFor(quick.error, metadata, view.state.values)]: quick.error.message } });
      await ack();
      return announce(ctx, client, quick.value, target);
    }
    await ack({ response_action: "update", view: messageModal("Starting your remix…", TITLE) });
    const result = await submitting.catch((error: unknown) => {
      ctx.logger.warn({ err: error, teamId }, "a Slack remix failed");
      return null;
    });
    const outcome = !result ? "The remix could not be started this time. Nothing was charged." : result.ok ? acceptedText(result.value) : result.error.message;
    await client.views.update({ view_id: view.id, view: messageModal(outcome, TITLE) });
    if (result?.ok) await announce(ctx, client, result.value, target);
  });
}

interface RemixRun {
  invoker: SlackInvoker;
  metadata: RemixMetadata;
  form: RemixSubmission;
  target: SlackReplyTarget;
  viewId: string;
  botToken: string;
  client: WebClient;
}

async function submitRemix(ctx: SlackContext, run: RemixRun): Promise<Result<Accepted, Rejection>> {
  const { engine } = ctx;
  const { invoker, metadata, form } = run;
  let inputImage: InputImageSource;
  let parentJobId: string | null = null;
  let aspectRatio: string | undefined;
  if (metadata.from.kind === "file") {
    // Checked when the form opened; checked again, as the token must only ever go to Slack.
    if (!slackFileOrigins(run.client).has(new URL(metadata.from.url).origin)) {
      return err(reject("BAD_INPUT_IMAGE", "That file is not on Slack's file host, so Pixorly cannot fetch it. Nothing was charged."));
    }
    inputImage = { kind: "url", url: metadata.from.url, authorization: `Bearer ${run.botToken}` };
  } else {
    const draft = await engine.remixDraft(invoker.actor, metadata.from.jobId, form.imageIndex);
    if (!draft.ok) return draft;
    inputImage = { kind: "image", imageId: draft.value.imageId };
    parentJobId = draft.value.jobId;
    aspectRatio = draft.value.aspectRatio;
  }
  return engine.submit({
    actor: invoker.actor,
    source: "slack",
    idempotencyKey: `view:${run.viewId}`,
    channelKey: invoker.channelKey,
    replyTarget: run.target,
    request: {
      prompt: form.prompt,
      model: form.model,
      private: metadata.private,
      ...(aspectRatio ? { aspectRatio } : {}),
      ...(form.strength !== undefined ? { strength: form.strength } : {}),
    },
    inputImage,
    parentJobId,
  });
}

/** The accepted job's message in its conversation; a repeated submission shows the original's state. */
async function announce(ctx: SlackContext, client: WebClient, accepted: Accepted, target: SlackReplyTarget): Promise<void> {
  if (accepted.duplicate) return ctx.engine.delivery.deliver(accepted.job.id);
  await postJobMessage(ctx, client, accepted, target);
}

/** Which field a refusal is shown under: the model for a model without image input, the image for an image problem. */
function fieldFor(rejection: Rejection, metadata: RemixMetadata, values: Record<string, unknown>): string {
  if (rejection.code === "IMAGE_INPUT_UNSUPPORTED") return "model";
  if (rejection.code === "BAD_INPUT_IMAGE" && metadata.from.kind === "job" && "image" in values) return "image";
  return "prompt";
}
