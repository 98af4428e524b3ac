import type { App, MessageShortcut } from "@slack/bolt";
import { REMIX_SHORTCUT_CALLBACK_ID } from "./message-shortcuts.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { messageModal } from "./message-modal.ts";
import { encodeRemixMetadata, remixModal } from "./remix-modal.ts";
import { remixModelChoices } from "./remix-models.ts";
import type { SlackContext } from "./slack-context.ts";
import { completeFiles, filesOf, pickImageFile, slackFileOrigins, slackFileSource } from "./slack-image-file.ts";
import { invokerOf } from "./slack-invoker.ts";

const TITLE = "Remix with Pixorly";

/**
 * "Remix with Pixorly" on any message: its first PNG, JPEG or WebP file becomes the input of a
 * new job, with the prompt asked for in a modal (remix-form.ts runs it). A message without a
 * usable image gets an ephemeral answer saying why, and no modal. The trigger_id lives 3
 * seconds, so the modal opens ("Loading…") before the store is asked which models the
 * workspace allows, and is filled by views.update.
 */
export function registerRemixShortcut(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>({ type: "message_action", callback_id: REMIX_SHORTCUT_CALLBACK_ID }, async ({ ack, shortcut, client, context, respond }) => {
    await ack();
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(text) });
    const teamId = shortcut.team?.id ?? shortcut.user.team_id;
    if (!teamId || !context.botToken) return void (await tell("Slack did not say which workspace this is; try again."));

    // Slack Connect files come as stubs: files.info first (quick), well within the trigger's 3 s.
    const picked = pickImageFile(await completeFiles(client, filesOf(shortcut.message)), true);
    if (picked.kind === "none") return void (await tell("That message has no image. Use \"Remix with Pixorly\" on a message with a PNG, JPEG or WebP file."));
    if (picked.kind === "refused") return void (await tell(picked.reason));
    const source = slackFileSource(picked.file, context.botToken, slackFileOrigins(client));
    if ("refused" in source) return void (await tell(source.refused));
    const metadata = encodeRemixMetadata({
      from: { kind: "file", url: source.url },
      channelId: shortcut.channel.id,
      // The new job answers in the message's thread (or starts one under it).
      threadTs: (shortcut.message.thread_ts as string | undefined) ?? shortcut.message.ts,
      responseUrl: shortcut.response_url || null,
    });
    if (!metadata) return void (await tell("That file's link is too long for a Slack form. Nothing was charged."));

    const opened = await client.views.open({ trigger_id: shortcut.trigger_id, view: messageModal("Loading…", TITLE) });
    const viewId = opened.view?.id;
    if (!viewId) return;
    const invoker = invokerOf({ teamId, enterpriseId: shortcut.enterprise?.id, channelId: shortcut.channel.id, userId: shortcut.user.id, teamName: shortcut.team?.domain });
    try {
      const { workspace } = await ctx.engine.resolve(invoker.actor);
      const models = remixModelChoices(ctx.engine.catalog, workspace.settings);
      if (!models.length) {
        return void (await client.views.update({ view_id: viewId, view: messageModal("No model this workspace allows can start from an image. Nothing was charged.", TITLE) }));
      }
      const preferred = models.find(([id]) => id === workspace.settings.defaultModel)?.[0] ?? models[0]![0];
      const view = remixModal({ startingFrom: picked.file.name ?? "the message's image", prompt: "", models, model: preferred, metadata });
      await client.views.update({ view_id: viewId, view });
    } catch (error) {
      ctx.logger.warn({ err: error, teamId }, "filling the Slack remix form failed");
      await client.views.update({ view_id: viewId, view: messageModal("The form could not be loaded this time. Close this and try again.", TITLE) });
    }
  });
}
