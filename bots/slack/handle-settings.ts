import type { App } from "@slack/bolt";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { settingsPatchFromOptions, settingsText } from "../../core/commands/settings-options.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { SETTINGS_CALLBACK_ID, settingsModal, settingsOptionsFromModal } from "./settings-modal.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { adminAware, slackActor, slackChannelKey, type SlackInvoker } from "./slack-invoker.ts";

/** Channels arrive as ids, "#name" or a <#C123|name> link; the workspace keys them "slack:<team>/<id>". */
const channelKeyFor = (teamId: string) => (raw: string) => slackChannelKey(teamId, /^<#(\w+)(\|[^>]*)?>$/.exec(raw)?.[1] ?? raw.replace(/^#/, ""));

/**
 * /settings (admins; checked by the caller): with options, the text form saves them at once;
 * without, the settings modal opens. The answer's text, or null when the modal answered.
 */
export async function handleSettingsCommand(
  ctx: SlackContext,
  args: { actor: Actor; invoker: SlackInvoker; options: OptionValues; client: WebClient; triggerId: string },
): Promise<string | null> {
  const { actor, invoker, options } = args;
  const patch = settingsPatchFromOptions(options, channelKeyFor(invoker.teamId));
  if (Object.keys(patch).length) {
    const updated = await ctx.engine.updateSettings(actor, patch);
    return updated.ok ? `Settings saved.\n\`\`\`${settingsText(updated.value.settings)}\`\`\`` : updated.error.message;
  }
  const { settings } = (await ctx.engine.resolve(actor)).workspace;
  const prefix = slackChannelKey(invoker.teamId, "");
  const channelIds = settings.allowedChannels.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  await args.client.views.open({ trigger_id: args.triggerId, view: settingsModal(settings, ctx.engine.catalog, channelIds) });
  return null;
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
    const actor = await adminAware(ctx, client, { teamId, userId, actor: slackActor({ teamId, userId, teamName: body.team?.domain, userName: body.user.name }) });
    const patch = settingsPatchFromOptions(settingsOptionsFromModal(view), channelKeyFor(teamId));
    const updated = await ctx.engine.updateSettings(actor, patch);
    if (updated.ok) return ack();
    await ack({ response_action: "errors", errors: { default_model: updated.error.message } });
  });
}
