import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { settingsPatchFromOptions, settingsText } from "../../core/commands/settings-options.ts";
import type { DiscordContext } from "./discord-context.ts";
import { ephemeralText, type InteractionReply } from "./interaction-reply.ts";
import type { Invoker } from "./invoker.ts";

/** /settings with no options shows them; with options, the engine validates and saves (admins only). */
export async function handleSettings(ctx: DiscordContext, invoker: Invoker, options: OptionValues): Promise<InteractionReply> {
  // A channel picked from Discord's # menu arrives as a mention, "<#123>".
  const channelKey = (raw: string) => `discord:${invoker.guildId}/${/^<#(\d+)>$/.exec(raw)?.[1] ?? raw.replace(/^#/, "")}`;
  const patch = settingsPatchFromOptions(options, channelKey);
  if (Object.keys(patch).length === 0) {
    return ephemeralText(settingsText((await ctx.engine.resolve(invoker.actor)).workspace.settings));
  }
  const updated = await ctx.engine.updateSettings(invoker.actor, patch);
  return ephemeralText(updated.ok ? `Settings saved.\n${settingsText(updated.value.settings)}` : updated.error.message);
}
