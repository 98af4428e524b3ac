import type { App } from "@slack/bolt";
import { findCommand } from "../../core/commands/command-table.ts";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import { parseOptions } from "../../core/commands/parse-text-command.ts";
import { decodeSlackText, escapeMrkdwn } from "./mrkdwn.ts";
import { mentionImage } from "./mention-image.ts";
import { imageChoiceFromText, namesImage } from "./typed-image-link.ts";
import { postJobMessage } from "./post-job-message.ts";
import { slackReplyTarget } from "./reply-target.ts";
import type { SlackContext } from "./slack-context.ts";
import { invokerOf } from "./slack-invoker.ts";

const IMAGINE = findCommand("imagine")!;

/**
 * `@Pixorly a red fox --ar 16:9`: /imagine where slash commands cannot run (threads). The
 * result goes into the mention's thread (a top-level mention starts one). An image on the
 * mention, or on the thread's first message, is the job's starting image (mention-image.ts). Events are acked by
 * Bolt before this runs; Slack's retries (X-Slack-Retry-Num) carry the same event id, which is
 * the idempotency key, so a retry finds the original job and posts nothing.
 */
export function registerMentions(app: App, ctx: SlackContext): void {
  app.event("app_mention", async ({ event, body, client, context }) => {
    const teamId = body.team_id;
    if (!event.user || !teamId) return;
    const invoker = invokerOf({ teamId, enterpriseId: body.enterprise_id, channelId: event.channel, userId: event.user });
    const threadTs = event.thread_ts ?? event.ts;
    const tell = (text: string) => client.chat.postEphemeral({ channel: event.channel, user: event.user!, thread_ts: threadTs, text: escapeMrkdwn(text) });

    const mention = context.botUserId ? new RegExp(`<@${context.botUserId}(\\|[^>]*)?>`, "g") : /^\s*<@\w+(\|[^>]*)?>/;
    const text = decodeSlackText(event.text.replace(mention, " ")).trim();
    if (!text) return void (await tell(ctx.commands.rename("Tell me what to draw: `@Pixorly a lighthouse at dusk --ar 16:9`. `/help` lists the options.")));
    const parsed = parseOptions(IMAGINE, text);
    if (!parsed.ok) return void (await tell(ctx.commands.rename(parsed.error.message)));

    // --image / --remix in the text win; else a file on the mention or on the thread's first message (mention-image.ts).
    const choice = await imageChoiceFromText(ctx.engine, invoker.actor, parsed.value, generationRequestFromOptions(parsed.value));
    if (!choice.ok) return void (await tell(choice.error.message));
    const { request } = choice.value;
    const shared = !namesImage(parsed.value) && context.botToken ? await mentionImage(client, event, context.botToken) : null;
    if (shared?.kind === "refused") return void (await tell(shared.reason));
    const inputImage = shared?.kind === "image" ? shared.source : choice.value.inputImage;
    // A private result has no ephemeral home in a thread: it goes to the requester's DM.
    const target = slackReplyTarget(
      {
        teamId,
        enterpriseId: invoker.enterpriseId,
        channelId: request.private ? event.user : event.channel,
        threadTs: request.private ? null : threadTs,
        via: "message",
        responseUrl: null,
        userId: event.user,
        private: request.private === true,
        botUserId: context.botUserId ?? null,
      },
      ctx.now(),
    );
    const result = await ctx.engine.submit({
      actor: invoker.actor,
      source: "slack",
      idempotencyKey: body.event_id,
      channelKey: invoker.channelKey,
      replyTarget: target,
      request,
      inputImage,
      parentJobId: choice.value.parentJobId ?? null,
    });
    if (!result.ok) return void (await tell(result.error.message));
    if (result.value.duplicate) return;
    await postJobMessage(ctx, client, result.value, target);
  });
}
