import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  type APIApplicationCommandAutocompleteInteraction,
  type APICommandAutocompleteInteractionResponseCallbackData,
} from "discord.js";
import type { DiscordContext } from "./discord-context.ts";
import type { InteractionReply } from "./interaction-reply.ts";
import type { Invoker } from "./invoker.ts";
import { LIMITS, truncate } from "./limits.ts";

/**
 * Model suggestions for `model` and `default_model`: the catalog depends on configuration, so
 * it cannot be fixed choices in the registered command. /imagine offers only the models the
 * workspace allows.
 */
export async function handleAutocomplete(ctx: DiscordContext, invoker: Invoker, interaction: APIApplicationCommandAutocompleteInteraction): Promise<InteractionReply> {
  const focused = interaction.data.options.find((o) => o.type === ApplicationCommandOptionType.String && o.focused);
  const typed = focused && "value" in focused ? String(focused.value).toLowerCase() : "";
  let models = ctx.engine.catalog.models;
  if (focused?.name === "model") {
    const allowed = (await ctx.engine.resolve(invoker.actor)).workspace.settings.allowedModels;
    if (allowed.length) models = models.filter((m) => allowed.includes(m.id));
  }
  const choices = models
    .filter((m) => m.id.length <= LIMITS.choiceText && `${m.id} ${m.displayName}`.toLowerCase().includes(typed))
    .slice(0, LIMITS.autocompleteChoices)
    .map((m) => ({ name: truncate(`${m.displayName} · ${m.creditsPerImage} credit(s)/image`, LIMITS.choiceText), value: m.id }));
  const data: APICommandAutocompleteInteractionResponseCallbackData = { choices: focused ? choices : [] };
  return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data } };
}
