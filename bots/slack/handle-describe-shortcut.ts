import type { App, MessageShortcut } from "@slack/bolt";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { describeForSlack } from "./handle-describe.ts";
import type { SlackContext } from "./slack-context.ts";
import { invokerOf } from "./slack-invoker.ts";

/** The message shortcut, as the manifest declares it (bots/slack/slack-manifest.ts) and Bolt routes it. */
export const DESCRIBE_SHORTCUT = {
  name: "Describe with Pixorly",
  callbackId: "px_describe",
  description: "Suggest prompts for this message's image; each runs through /imagine",
} as const;

/** The image files of a message that the shortcut can describe, first one first. */
interface SlackFile {
  mimetype?: string;
  url_private?: string;
  url_private_download?: string;
}

/**
 * "Describe with Pixorly" on any message with an image file: acked at once (Slack wants the ack
 * within 3 s and a vision model takes longer), then the suggestions (or the refusal, which
 * costs nothing) go to the person privately through the shortcut's response_url. A file's
 * url_private needs the bot token; it rides as the InputImageSource's `authorization`, which
 * the safe fetch sends only to that URL's own origin.
 */
export function registerDescribeShortcut(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>({ type: "message_action", callback_id: DESCRIBE_SHORTCUT.callbackId }, async ({ ack, shortcut, respond, context }) => {
    await ack();
    const files = ((shortcut.message as { files?: SlackFile[] }).files ?? []).filter((f) => f.mimetype?.startsWith("image/") && (f.url_private || f.url_private_download));
    const file = files[0];
    const say = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(text) });
    if (!file) return void (await say("That message has no image file to describe. Nothing was charged."));
    const teamId = shortcut.team?.id ?? shortcut.user.team_id;
    if (!teamId) return void (await say("Pixorly could not tell which workspace this is. Nothing was charged."));
    const invoker = invokerOf({
      teamId,
      enterpriseId: shortcut.team?.enterprise_id ?? null,
      channelId: shortcut.channel.id,
      userId: shortcut.user.id,
      teamName: shortcut.team?.domain,
      userName: shortcut.user.name ?? shortcut.user.username,
    });
    const url = (file.url_private_download ?? file.url_private)!;
    const answer = await describeForSlack(ctx, {
      actor: invoker.actor,
      image: { kind: "url", url, ...(context.botToken ? { authorization: `Bearer ${context.botToken}` } : {}) },
      triggerId: shortcut.trigger_id,
      channelKey: invoker.channelKey,
    });
    await respond({ response_type: "ephemeral", replace_original: false, ...answer });
  });
}
