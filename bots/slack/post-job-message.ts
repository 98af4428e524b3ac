import { acceptedText } from "../../core/commands/render-text.ts";
import { attachReplyTarget } from "../../core/engine/reply-target-updates.ts";
import type { Accepted } from "../../core/engine/submit-generation.ts";
import { channelKey } from "./channel-pacer.ts";
import type { SlackReplyTarget } from "./reply-target.ts";
import { renderJobMessage } from "./render-job-message.ts";
import { postToResponseUrl } from "./response-url.ts";
import { NOT_IN_CONVERSATION, platformErrorCode } from "./slack-errors.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { replyNotes } from "./slack-notifier.ts";

/**
 * After the ack: posts an accepted job's "Queued — position N, costs C credits" message where
 * it was asked for and records its ts, so the notifier updates that message from then on. When
 * the bot is not in the conversation, the command's response_url carries the job instead (and
 * says how to invite the bot). The post takes its turn in the channel's pacer.
 */
export async function postJobMessage(ctx: SlackContext, client: WebClient, accepted: Accepted, target: SlackReplyTarget): Promise<void> {
  const view = { job: accepted.job, images: [], position: accepted.position };
  const headline = acceptedText(accepted);
  try {
    // Posts go before the channel's held updates, so a new job is not kept behind others' progress.
    const posted = await ctx.pacer.post(channelKey(target.teamId, target.channelId), () =>
      client.chat.postMessage({
        channel: target.channelId,
        ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
        ...renderJobMessage(view, { headline }),
      }),
    );
    await attachReplyTarget(ctx.engine, accepted.job.id, { ...target, channelId: posted.channel ?? target.channelId, messageTs: posted.ts! });
  } catch (error) {
    const code = platformErrorCode(error);
    if (!code || !NOT_IN_CONVERSATION.has(code) || !target.responseUrl) throw error;
    const fallback: SlackReplyTarget = { ...target, via: "response_url" };
    await postToResponseUrl(target.responseUrl, { response_type: "in_channel", ...renderJobMessage(view, { headline, notes: replyNotes(fallback) }) });
    await attachReplyTarget(ctx.engine, accepted.job.id, fallback);
  }
}
