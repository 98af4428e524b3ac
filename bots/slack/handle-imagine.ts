import type { AckFn, RespondArguments, SlashCommand } from "@slack/bolt";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { acceptedText } from "../../core/commands/render-text.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { postJobMessage } from "./post-job-message.ts";
import { imageChoiceFromText } from "./typed-image-link.ts";
import { postToResponseUrl, type ResponseUrlPost } from "./response-url.ts";
import { slackReplyTarget } from "./reply-target.ts";
import { renderJobMessage } from "./render-job-message.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import type { SlackInvoker } from "./slack-invoker.ts";
import { withinDeadline } from "./within-deadline.ts";

/**
 * /imagine: submit first (idempotent on the trigger id, so a repeated delivery charges once),
 * then ack within Slack's 3 seconds: a rejection is the ephemeral ack and costs nothing; a
 * private job's ack is its (ephemeral) message; a public job gets an empty ack and its own
 * channel message right after. A submit slower than `ctx.ackDeadlineMs` (a slow store) is acked
 * empty first, and the same answer goes through the response_url when it comes.
 */
export async function handleImagine(
  ctx: SlackContext,
  args: { payload: SlashCommand; invoker: SlackInvoker; options: OptionValues; ack: AckFn<string | RespondArguments>; client: WebClient; botUserId: string | null },
): Promise<void> {
  const { payload, invoker, options, ack, client } = args;
  const typed = generationRequestFromOptions(options);
  const target = slackReplyTarget(
    {
      teamId: invoker.teamId,
      enterpriseId: invoker.enterpriseId,
      channelId: invoker.channelId,
      threadTs: null,
      via: typed.private ? "response_url" : "message",
      responseUrl: payload.response_url,
      userId: invoker.userId,
      private: typed.private === true,
      botUserId: args.botUserId,
    },
    ctx.now(),
  );
  // --image <link> / --remix <job> (typed-image-link.ts): reading a remix's job is part of the submit's time.
  const submitting = (async () => {
    const choice = await imageChoiceFromText(ctx.engine, invoker.actor, options, typed);
    if (!choice.ok) return choice;
    return ctx.engine.submit({
      actor: invoker.actor,
      source: "slack",
      idempotencyKey: payload.trigger_id,
      channelKey: invoker.channelKey,
      replyTarget: target,
      ...choice.value,
    });
  })();
  const onTime = await withinDeadline(submitting, ctx.ackDeadlineMs);
  if (!onTime) {
    ctx.logger.warn({ triggerId: payload.trigger_id, ms: ctx.ackDeadlineMs }, "submit was slow; acked /imagine before its answer");
    await ack();
  }
  const answer = async (message?: ResponseUrlPost) => {
    if (onTime) await ack(message);
    else if (message) await postToResponseUrl(payload.response_url, message);
  };

  const result = onTime ?? (await submitting);
  if (!result.ok) return answer({ response_type: "ephemeral", text: escapeMrkdwn(result.error.message) });
  const accepted = result.value;
  if (accepted.duplicate) {
    await answer({ response_type: "ephemeral", text: acceptedText(accepted) });
    // The first delivery may have found the job long finished: show its current state.
    return ctx.engine.delivery.deliver(accepted.job.id);
  }
  if (target.private) {
    const view = { job: accepted.job, images: [], position: accepted.position };
    return answer({ response_type: "ephemeral", ...renderJobMessage(view, { headline: acceptedText(accepted) }) });
  }
  await answer();
  await postJobMessage(ctx, client, accepted, target);
}
