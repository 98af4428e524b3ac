import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { InputImageSource } from "../../core/domain/input-image.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { DESCRIBE_ACTION_PATTERN, describedSlackMessage } from "./describe-message.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { postJobMessage } from "./post-job-message.ts";
import { slackReplyTarget } from "./reply-target.ts";
import type { SlackMessage } from "./render-job-message.ts";
import type { SlackContext } from "./slack-context.ts";
import { pressedBy } from "./slack-invoker.ts";

/** What /describe and the "Describe with Pixorly" shortcut hand the engine. */
export interface DescribeAsk {
  actor: Actor;
  image: InputImageSource;
  model?: string;
  /** The command's or shortcut's trigger_id: the charge is booked once per trigger. */
  triggerId: string;
  channelKey: string;
}

/** The suggestions, or the refusal (which says nothing was charged), as an ephemeral Slack message. */
export async function describeForSlack(ctx: SlackContext, ask: DescribeAsk): Promise<SlackMessage> {
  const described = await ctx.engine.describe({
    actor: ask.actor,
    image: ask.image,
    model: ask.model,
    idempotencyKey: ask.triggerId,
    source: "slack",
    channelKey: ask.channelKey,
  });
  if (!described.ok) {
    const text = escapeMrkdwn(described.error.message);
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  return describedSlackMessage(described.value, (text) => ctx.commands.rename(text));
}

/**
 * Slack sends a URL typed into a slash command as is, or as "<https://...>" / "<https://...|label>"
 * when it linkified it; both mean the same image.
 */
export function imageUrlFromText(text: string): string {
  const trimmed = text.trim();
  return /^<([^|>]+)(?:\|[^>]*)?>$/.exec(trimmed)?.[1] ?? trimmed;
}

/**
 * "Imagine this" on a /describe suggestion: /imagine with the button's prompt, as the person
 * who pressed (their credits, their workspace's rules; a refusal is private and costs nothing),
 * idempotent on the press's trigger id. The job gets its own message in the channel, like a
 * typed /imagine.
 */
export function registerDescribeActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: DESCRIBE_ACTION_PATTERN }, async ({ ack, body, action, respond, client, context }) => {
    await ack();
    const invoker = pressedBy(body);
    const prompt = action.value?.trim();
    if (!invoker || !prompt) {
      return void (await respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(ctx.commands.rename("This button no longer works; run /describe again.")) }));
    }
    const threadTs = (body.container.thread_ts as string | undefined) ?? null;
    const target = slackReplyTarget(
      {
        teamId: invoker.teamId,
        enterpriseId: invoker.enterpriseId,
        channelId: invoker.channelId,
        threadTs,
        via: "message",
        responseUrl: body.response_url,
        userId: invoker.userId,
        private: false,
        botUserId: context.botUserId ?? null,
      },
      ctx.now(),
    );
    const result = await ctx.engine.submit({
      actor: invoker.actor,
      source: "slack",
      idempotencyKey: body.trigger_id,
      channelKey: invoker.channelKey,
      replyTarget: target,
      request: { prompt },
    });
    if (!result.ok) return void (await respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(result.error.message) }));
    if (result.value.duplicate) return ctx.engine.delivery.deliver(result.value.job.id);
    await postJobMessage(ctx, client, result.value, target);
  });
}

