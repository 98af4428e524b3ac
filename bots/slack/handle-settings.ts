import type { App } from "@slack/bolt";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { settingsPatchFromOptions, settingsText } from "../../core/commands/settings-options.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { messageModal } from "./message-modal.ts";
import { SETTINGS_CALLBACK_ID, settingsModal, settingsOptionsFromModal } from "./settings-modal.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { adminAware, slackActor, slackChannelKey, type SlackInvoker } from "./slack-invoker.ts";
import { withinDeadline } from "./within-deadline.ts";

/** Channels arrive as ids, "#name" or a <#C123|name> link; the workspace keys them "slack:<team>/<id>". */
const channelKeyFor = (teamId: string) => (raw: string) => slackChannelKey(teamId, /^<#(\w+)(\|[^>]*)?>$/.exec(raw)?.[1] ?? raw.replace(/^#/, ""));

/** True when /settings was typed with options (the text form); without any, the modal opens. */
export function settingsHasOptions(invoker: SlackInvoker, options: OptionValues): boolean {
  return Object.keys(settingsPatchFromOptions(options, channelKeyFor(invoker.teamId))).length > 0;
}

/** /settings with options (admins; checked by the caller): saves them at once; the answer's text. */
export async function saveSettingsText(ctx: SlackContext, args: { actor: Actor; invoker: SlackInvoker; options: OptionValues }): Promise<string> {
  const patch = settingsPatchFromOptions(args.options, channelKeyFor(args.invoker.teamId));
  const updated = await ctx.engine.updateSettings(args.actor, patch);
  return updated.ok ? `Settings saved.\n\`\`\`${settingsText(updated.value.settings)}\`\`\`` : updated.error.message;
}

/**
 * /settings without options, right after the ack: the trigger_id lives 3 seconds, so the modal
 * opens first ("Loading…") and is filled by views.update once users.info (the admin flag) and
 * the store have answered, however long they take. A member sees the refusal in the modal.
 */
export async function openSettingsModal(ctx: SlackContext, args: { invoker: SlackInvoker; client: WebClient; triggerId: string }): Promise<void> {
  const { invoker, client } = args;
  const opened = await client.views.open({ trigger_id: args.triggerId, view: messageModal("Loading the workspace's settings…") });
  const viewId = opened.view?.id;
  if (!viewId) return;
  try {
    const actor = await adminAware(ctx, client, invoker);
    const resolved = await ctx.engine.resolve(actor);
    if (!resolved.isAdmin) {
      await client.views.update({ view_id: viewId, view: messageModal(`Only workspace admins and owners can use ${ctx.commands.slackName("settings")}.`) });
      return;
    }
    const { settings } = resolved.workspace;
    const prefix = slackChannelKey(invoker.teamId, "");
    const channelIds = settings.allowedChannels.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
    await client.views.update({ view_id: viewId, view: settingsModal(settings, ctx.engine.catalog, channelIds) });
  } catch (error) {
    ctx.logger.warn({ err: error, teamId: invoker.teamId }, "filling the Slack settings modal failed");
    await client.views.update({ view_id: viewId, view: messageModal("The settings could not be loaded this time. Close this and try again.") });
  }
}

/**
 * The modal's Save. The engine validates (and checks admin again, as a submission can come
 * from a modal opened before the member lost the role); a refusal is shown on the form.
 */
export function registerSettingsModal(app: App, ctx: SlackContext): void {
  app.view(SETTINGS_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const teamId = body.team?.id ?? body.user.team_id;
    if (!teamId) return ack({ response_action: "errors", errors: { default_model: "Slack did not say which workspace this is; try again." } });
    const userId = body.user.id;
    const patch = settingsPatchFromOptions(settingsOptionsFromModal(view), channelKeyFor(teamId));
    const saving = (async () => {
      const actor = await adminAware(ctx, client, { teamId, userId, actor: slackActor({ teamId, userId, teamName: body.team?.domain, userName: body.user.name }) });
      return ctx.engine.updateSettings(actor, patch);
    })();
    // Quick (the usual case): the answer is the ack, a refusal shown on the form.
    const quick = await withinDeadline(saving, ctx.ackDeadlineMs);
    if (quick) return quick.ok ? ack() : ack({ response_action: "errors", errors: { default_model: quick.error.message } });
    // Slow (users.info or the store): the modal says so within Slack's 3 s, and the outcome follows.
    await ack({ response_action: "update", view: messageModal("Saving…") });
    const updated = await saving.catch((error: unknown) => {
      ctx.logger.warn({ err: error, teamId }, "saving Slack settings failed");
      return null;
    });
    const outcome = !updated ? "The settings could not be saved this time." : updated.ok ? "Settings saved." : updated.error.message;
    await client.views.update({ view_id: view.id, view: messageModal(outcome) });
  });
}
