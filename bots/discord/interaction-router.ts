import {
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
} from "discord.js";
import { answerInTime, type Deferral } from "./answer-in-time.ts";
import { parseButtonId } from "./custom-id.ts";
import type { DiscordContext } from "./discord-context.ts";
import { handleAutocomplete } from "./handle-autocomplete.ts";
import { handleButton } from "./handle-button.ts";
import { handleCommand } from "./handle-command.ts";
import { submitRemixForm } from "./handle-remix.ts";
import { ephemeralText, type InteractionReply } from "./interaction-reply.ts";
import { invokerOf } from "./invoker.ts";
import { withNoMentionsResponse } from "./outgoing-message.ts";

/**
 * The one interaction handler behind both transports: the gateway and HTTP interactions deliver
 * the same documented payload, and both send back what this returns. Never throws: a failure is
 * logged and answered with an ephemeral apology, so Discord never shows "interaction failed".
 * Answers that are not ready within Discord's deadline are deferred (answer-in-time.ts).
 */
export async function routeInteraction(ctx: DiscordContext, interaction: APIInteraction): Promise<InteractionReply> {
  const working = route(ctx, interaction);
  const deferral = deferralFor(interaction);
  const handle = { applicationId: interaction.application_id, interactionId: interaction.id, token: interaction.token };
  const answered = deferral ? await answerInTime(ctx, handle, deferral, working) : await working;
  // Both transports send what this returns: the one place a response's allowed_mentions is enforced.
  return { ...answered, response: withNoMentionsResponse(answered.response) };
}

async function route(ctx: DiscordContext, interaction: APIInteraction): Promise<InteractionReply> {
  if (interaction.type === InteractionType.Ping) return { response: { type: InteractionResponseType.Pong } };
  try {
    const invoker = invokerOf(interaction, ctx.now(), ctx.guildName);
    if (!invoker) {
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete) return noChoices();
      return ephemeralText("Pixorly works inside a server: use it in a channel where the bot is installed.");
    }
    switch (interaction.type) {
      case InteractionType.ApplicationCommand:
        if (interaction.data.type === ApplicationCommandType.ChatInput) return await handleCommand(ctx, invoker, interaction as APIChatInputApplicationCommandInteraction);
        break;
      case InteractionType.MessageComponent:
        if (interaction.data.component_type === ComponentType.Button) return await handleButton(ctx, invoker, interaction);
        break;
      case InteractionType.ApplicationCommandAutocomplete:
        return await handleAutocomplete(ctx, invoker, interaction);
      case InteractionType.ModalSubmit:
        return await submitRemixForm(ctx, invoker, interaction);
      default:
        break;
    }
    return ephemeralText("Pixorly does not handle this kind of interaction.");
  } catch (error) {
    ctx.logger.error({ err: error, interactionId: interaction.id, type: interaction.type }, "handling a Discord interaction failed");
    if (interaction.type === InteractionType.ApplicationCommandAutocomplete) return noChoices();
    return ephemeralText("Something went wrong on our side. Please try again in a moment.");
  }
}

function noChoices(): InteractionReply {
  return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
}

/**
 * Null for interactions that keep their own deadline: submissions (/imagine, Regenerate,
 * Variations, the Remix form) defer themselves because a late answer must show the job's
 * current state, and neither autocomplete nor a modal (the Remix button's answer) can be
 * deferred at all (each answers within its own budget).
 */
function deferralFor(interaction: APIInteraction): Deferral | null {
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return interaction.data.name === "imagine" ? null : "ephemeral-reply";
    case InteractionType.MessageComponent: {
      const action = parseButtonId(interaction.data.custom_id);
      if (action?.kind === "remix") return null;
      return action?.kind === "job" && (action.action === "regenerate" || action.action === "variations") ? null : "update";
    }
    case InteractionType.ModalSubmit:
      return null;
    default:
      return null;
  }
}
