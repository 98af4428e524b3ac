import {
  ApplicationIntegrationType,
  InteractionContextType,
  SlashCommandBuilder,
  type ApplicationCommandOptionBase,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { COMMANDS, type CommandDef, type CommandOption } from "../../core/commands/command-table.ts";

/**
 * The slash commands, built from the core command table with discord.js builders (which also
 * check Discord's name and length rules). Commands are offered in servers only: a workspace is
 * a guild. Admin commands are not hidden with default_member_permissions, so operators listed in
 * ADMIN_USER_IDS can use them anywhere; the engine refuses everyone else.
 */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return (COMMANDS as readonly CommandDef[]).map((def) => {
    const builder = new SlashCommandBuilder()
      .setName(def.name)
      .setDescription(def.description)
      .setContexts(InteractionContextType.Guild)
      .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
    // Discord wants required options first.
    const ordered = [...def.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
    for (const option of ordered) if (!option.textOnly) addOption(builder, option);
    return builder.toJSON();
  });
}

function addOption(builder: SlashCommandBuilder, option: CommandOption): void {
  const named = <T extends ApplicationCommandOptionBase>(o: T): T =>
    o.setName(option.name).setDescription(option.description).setRequired(option.required === true);
  switch (option.type) {
    case "string":
      builder.addStringOption((o) => {
        named(o);
        if (option.choices) o.addChoices(...option.choices.map((c) => ({ name: c, value: c })));
        if (option.maxLength !== undefined) o.setMaxLength(option.maxLength);
        if (option.autocomplete) o.setAutocomplete(true);
        return o;
      });
      return;
    case "integer":
      builder.addIntegerOption((o) => {
        named(o);
        if (option.min !== undefined) o.setMinValue(option.min);
        if (option.max !== undefined) o.setMaxValue(option.max);
        return o;
      });
      return;
    case "number":
      builder.addNumberOption((o) => {
        named(o);
        if (option.min !== undefined) o.setMinValue(option.min);
        if (option.max !== undefined) o.setMaxValue(option.max);
        return o;
      });
      return;
    case "boolean":
      builder.addBooleanOption(named);
      return;
    case "image":
      // ATTACHMENT (type 11): the file arrives in interaction.data.resolved.attachments.
      builder.addAttachmentOption(named);
      return;
  }
}
