import type { App, BlockAction, ButtonAction, RespondFn } from "@slack/bolt";
import { acceptedText } from "../../core/commands/render-text.ts";
import { JOB_ACTION_PATTERN, PAGE_ACTION_PATTERN, parseJobAction, parsePageValue, type JobAction } from "./action-ids.ts";
import { collectionPage, searchPage } from "./browse-pages.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { postJobMessage } from "./post-job-message.ts";
import { slackReplyTarget } from "./reply-target.ts";
import { renderDetails, renderJobMessage } from "./render-job-message.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { adminAware, pressedBy, type SlackInvoker } from "./slack-invoker.ts";

/** A private answer to the presser; what it quotes cannot become markup. */
const ephemeral = (text: string) => ({ response_type: "ephemeral" as const, replace_original: false, text: escapeMrkdwn(text) });

/**
 * Button presses. Everything comes from the action_id, the value and the store, so buttons on
 * old messages keep working. Every press is acked at once; answers go through its response_url.
 */
export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: JOB_ACTION_PATTERN }, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const jobAction = parseJobAction(action.action_id);
    const invoker = pressedBy(body);
    if (!jobAction || !invoker) return void (await respond(ephemeral(ctx.commands.rename("This button no longer works. `/show <job>` shows the job."))));
    await jobButton(ctx, { jobAction, jobId: action.value ?? "", invoker, body, respond, client, botUserId: context.botUserId ?? null });
  });

  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: PAGE_ACTION_PATTERN }, async ({ ack, body, action, respond }) => {
    await ack();
    const request = parsePageValue(action.value);
    const invoker = pressedBy(body);
    if (!request || !invoker) return void (await respond(ephemeral("This button no longer works; run the command again.")));
    const page = request.kind === "collection" ? await collectionPage(ctx, invoker, request, body.channel?.name) : await searchPage(ctx, invoker, request);
    await respond({ replace_original: true, ...page });
  });
}


interface JobPress {
  jobAction: JobAction;
  jobId: string;
  invoker: SlackInvoker;
  body: BlockAction;
  respond: RespondFn;
  client: WebClient;
  botUserId: string | null;
}

async function jobButton(ctx: SlackContext, press: JobPress): Promise<void> {
  const { engine } = ctx;
  const { jobAction, jobId, invoker, respond, client } = press;
  switch (jobAction) {
    case "regenerate":
    case "variations":
      return rerun(ctx, press, jobAction);
    case "save": {
      const saved = await engine.saveToCollection(invoker.actor, jobId);
      return void (await respond(ephemeral(saved.ok ? ctx.commands.rename(`Saved ${saved.value} image(s) to your collection: \`/collection\` → My saved images.`) : saved.error.message)));
    }
    case "details": {
      const viewed = await engine.view(invoker.actor, jobId);
      return void (await respond(viewed.ok ? { response_type: "ephemeral", replace_original: false, ...renderDetails(viewed.value) } : ephemeral(viewed.error.message)));
    }
    case "delete":
    case "cancel": {
      // Requester or admin: the admin flag comes from Slack, so only these presses ask for it.
      const actor = await adminAware(ctx, client, invoker);
      const done = jobAction === "delete" ? await engine.deleteImages(actor, jobId) : await engine.cancel(actor, jobId);
      // On success the engine redelivers the job, which updates its message in place.
      if (!done.ok) await respond(ephemeral(done.error.message));
    }
  }
}

/**
 * Regenerate / Variations: a new job (priced as usual) answered like /imagine, idempotent on
 * the press's trigger id. From a private (ephemeral) result the new job stays private and
 * replaces that message through the press's response_url; otherwise it gets its own message in
 * the same conversation and thread.
 */
async function rerun(ctx: SlackContext, press: JobPress, mode: "regenerate" | "variations"): Promise<void> {
  const { invoker, body, respond } = press;
  const fromPrivate = body.container.is_ephemeral === true;
  const threadTs = (body.container.thread_ts as string | undefined) ?? (body.message?.thread_ts as string | undefined) ?? null;
  const target = slackReplyTarget(
    {
      teamId: invoker.teamId,
      enterpriseId: invoker.enterpriseId,
      channelId: invoker.channelId,
      threadTs,
      via: fromPrivate ? "response_url" : "message",
      responseUrl: body.response_url,
      userId: invoker.userId,
      private: fromPrivate,
      botUserId: press.botUserId,
    },
    ctx.now(),
  );
  const result = await ctx.engine.rerun(invoker.actor, press.jobId, mode, {
    source: "slack",
    idempotencyKey: body.trigger_id,
    channelKey: invoker.channelKey,
    replyTarget: target,
  });
  if (!result.ok) return void (await respond(ephemeral(result.error.message)));
  const accepted = result.value;
  if (accepted.duplicate) return ctx.engine.delivery.deliver(accepted.job.id);
  if (fromPrivate) {
    const view = { job: accepted.job, images: [], position: accepted.position };
    return void (await respond({ replace_original: true, ...renderJobMessage(view, { headline: acceptedText(accepted) }) }));
  }
  await postJobMessage(ctx, press.client, accepted, target);
}
