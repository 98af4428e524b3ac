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
 * workspace allows, when the store says so in time.
 */
export async function handleAutocomplete(ctx: DiscordContext, invoker: Invoker, interaction: APIApplicationCommandAutocompleteInteraction): Promise<InteractionReply> {
  const focused = interaction.data.options.find((o) => o.type === ApplicationCommandOptionType.String && o.focused);
  const typed = focused && "value" in focused ? String(focused.value).toLowerCase() : "";
  let models = ctx.engine.catalog.models;
  if (focused?.name === "model") {
    const allowed = await allowedModels(ctx, invoker);
    if (allowed?.length) models = models.filter((m) => allowed.includes(m.id));
  }
  const choices = models
    .filter((m) => m.id.length <= LIMITS.choiceText && `${m.id} ${m.displayName}`.toLowerCase().includes(typed))
    .slice(0, LIMITS.autocompleteChoices)
    .map((m) => ({ name: truncate(`${m.displayName} · ${m.creditsPerImage} credit(s)/image`, LIMITS.choiceText), value: m.id }));
  const data: APICommandAutocompleteInteractionResponseCallbackData = { choices: focused ? choices : [] };
  return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data } };
}

/**
 * An autocomplete answer cannot be deferred and is useless late, so a slow store gets
 * `ctx.deferAfterMs` and the whole catalog is offered after that: the engine still refuses a
 * model the workspace does not allow when /imagine runs.
 */
async function allowedModels(ctx: DiscordContext, invoker: Invoker): Promise<readonly string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const resolving = ctx.engine.resolve(invoker.actor).then((r) => r.workspace.settings.allowedModels);
  resolving.catch((error: unknown) => ctx.logger.warn({ err: error }, "reading allowed models for autocomplete failed"));
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ctx.deferAfterMs)));
  const allowed = await Promise.race([resolving.catch(() => null), late]);
  clearTimeout(timer);
  return allowed;
}
