import type { App, MessageShortcut } from "@slack/bolt";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { messageImageSource } from "./slack-image-file.ts";
import { describeForSlack } from "./handle-describe.ts";
import type { SlackContext } from "./slack-context.ts";
import { invokerOf } from "./slack-invoker.ts";

/** The message shortcut, as the manifest declares it (bots/slack/slack-manifest.ts) and Bolt routes it. */
export const DESCRIBE_SHORTCUT = {
  name: "Describe with Pixorly",
  callbackId: "px_describe",
  description: "Suggest prompts for this message's image; each runs through /imagine",
} as const;

/**
 * "Describe with Pixorly" on any message with an image file: acked at once (Slack wants the ack
 * within 3 s and a vision model takes longer), then the suggestions (or the refusal, which
 * costs nothing) go to the person privately through the shortcut's response_url. A file's
 * url_private needs the bot token: the file is picked by the same rules as Remix's
 * (slack-image-file.ts), so the token goes only to Slack's own file host.
 */
export function registerDescribeShortcut(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>({ type: "message_action", callback_id: DESCRIBE_SHORTCUT.callbackId }, async ({ ack, shortcut, respond, context, client }) => {
    await ack();
    const say = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(text) });
    const teamId = shortcut.team?.id ?? shortcut.user.team_id;
    if (!teamId || !context.botToken) return void (await say("Pixorly could not tell which workspace this is. Nothing was charged."));
    const picked = await messageImageSource(client, shortcut.message, context.botToken, "That message has no image file to describe. Nothing was charged.");
    if ("refused" in picked) return void (await say(picked.refused));
    const invoker = invokerOf({
      teamId,
      enterpriseId: shortcut.team?.enterprise_id ?? null,
      channelId: shortcut.channel.id,
      userId: shortcut.user.id,
      teamName: shortcut.team?.domain,
      userName: shortcut.user.name ?? shortcut.user.username,
    });
    const answer = await describeForSlack(ctx, {
      actor: invoker.actor,
      image: picked.source,
      triggerId: shortcut.trigger_id,
      channelKey: invoker.channelKey,
    });
    await respond({ response_type: "ephemeral", replace_original: false, ...answer });
  });
}
