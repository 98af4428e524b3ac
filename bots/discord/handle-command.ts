import { ApplicationCommandOptionType, type APIChatInputApplicationCommandInteraction } from "discord.js";
import type { CommandHandlers } from "../../core/commands/command-handlers.ts";
import { findCommand } from "../../core/commands/command-table.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import { creditsText, statusText } from "../../core/commands/render-text.ts";
import type { DiscordContext } from "./discord-context.ts";
import { collectionReply, searchReply } from "./handle-browse.ts";
import { handleDescribe } from "./handle-describe.ts";
import { handleImagine } from "./handle-imagine.ts";
import { handleSettings } from "./handle-settings.ts";
import { ephemeralText, reply, type InteractionReply } from "./interaction-reply.ts";
import type { Invoker } from "./invoker.ts";
import { prepareImages } from "./job-images.ts";
import { LIMITS, truncate } from "./limits.ts";
import { discordHelp } from "./render-help.ts";
import { renderJobMessage } from "./render-job-message.ts";
import { apiKeyCommand } from "../../core/commands/api-key-command.ts";
import { forgetConfirmText, forgottenText } from "../../core/commands/forget-text.ts";
import { linkCommand, unlinkCommand } from "../../core/commands/link-command.ts";
import { creditsChart } from "../../core/engine/credits-chart.ts";
import { NO_MENTIONS } from "./outgoing-message.ts";
import { inertContent, inertUserText } from "./inert-text.ts";

/** Slash commands, by the names in the core command table. */
export async function handleCommand(ctx: DiscordContext, invoker: Invoker, interaction: APIChatInputApplicationCommandInteraction): Promise<InteractionReply> {
  const command = findCommand(interaction.data.name);
  if (!command) return ephemeralText(`Pixorly has no /${interaction.data.name} any more. \`/help\` lists the commands.`);
  const options = optionValues(interaction);
  const { engine } = ctx;
  const { actor } = invoker;

  if (command.permission === "admin" && !(await engine.resolve(actor)).isAdmin) {
    return ephemeralText(`Only workspace admins (Manage Server or Administrator) can use /${command.name}.`);
  }

  return DISCORD_COMMANDS[command.name](ctx, invoker, options, interaction);
}

/** The interaction rides along for what option values cannot carry (data.resolved: attachments). */
type DiscordCommandHandler = (
  ctx: DiscordContext,
  invoker: Invoker,
  options: OptionValues,
  interaction: APIChatInputApplicationCommandInteraction,
) => Promise<InteractionReply>;

/** Every command of the core table; one missing here is a compile error (see CommandHandlers). */
export const DISCORD_COMMANDS = {
  imagine: handleImagine,
  describe: handleDescribe,
  credits: (ctx, invoker) => creditsReply(ctx, invoker),
  jobs: async ({ engine }, { actor }) => {
    const jobs = await engine.listJobs(actor, 10);
    if (!jobs.length) return ephemeralText("No jobs yet. Try `/imagine prompt: a lighthouse at dusk`.");
    return ephemeralText(jobs.map((j) => `\`${j.id}\` ${j.status} — ${inertUserText(truncate(j.prompt.replace(/\s+/g, " "), 60))}`).join("\n"));
  },
  show: async (ctx, invoker, options) => {
    const viewed = await ctx.engine.view(invoker.actor, String(options.job), { acrossLink: true });
    if (!viewed.ok) return ephemeralText(viewed.error.message);
    const view = viewed.value;
    const prepared = await prepareImages(view.images, ctx.storage, invoker.attachmentSizeLimit);
    const body = renderJobMessage(view, prepared.refs, { omitted: prepared.omitted });
    return reply(ctx, invoker.handle, { body, files: prepared.files }, { ephemeral: true });
  },
  cancel: async ({ engine }, { actor }, options) => {
    const cancelled = await engine.cancel(actor, String(options.job));
    if (!cancelled.ok) return ephemeralText(cancelled.error.message);
    return ephemeralText(statusText({ job: cancelled.value, images: [], position: null }));
  },
  collection: (ctx, invoker, options) => collectionReply(ctx, invoker, "channel", Number(options.page ?? 1), false),
  search: (ctx, invoker, options) => searchReply(ctx, invoker, String(options.words), Number(options.page ?? 1), false),
  settings: handleSettings,
  // Ephemeral: a new key is shown once, to the admin who made it.
  apikey: async ({ engine }, { actor }, options) => ephemeralText(await apiKeyCommand(engine, actor, options)),
  // Ephemeral: a link code is for the admin who asked, and the answers name credit balances.
  link: async ({ engine }, { actor }, options) => ephemeralText(await linkCommand(engine, actor, options)),
  unlink: async ({ engine }, { actor }, options) => ephemeralText(await unlinkCommand(engine, actor, options, "`/unlink confirm:True`")),
  "forget-me": async ({ engine }, { actor }, options) => {
    if (options.confirm !== true) return ephemeralText(forgetConfirmText("`/forget-me confirm:True`"));
    const forgotten = await engine.forgetUser({ platform: actor.platform, externalUserId: actor.userExternalId });
    return ephemeralText(forgotten.ok ? forgottenText(forgotten.value) : forgotten.error.message);
  },
  help: async (ctx, _invoker, options) => ephemeralText(discordHelp(typeof options.command === "string" ? options.command : undefined, ctx.lateDelivery)),
} satisfies CommandHandlers<DiscordCommandHandler>;

const CHART_FILE = "usage.png";

/**
 * /credits, ephemeral. Admins also get the 30-day chart, attached as a file, so the reply is
 * deferred and uploaded as an edit like /show's images. A chart that fails to render, or does
 * not fit this interaction's upload limit, leaves the text answer, which is the one that matters.
 */
async function creditsReply(ctx: DiscordContext, invoker: Invoker): Promise<InteractionReply> {
  const summary = await ctx.engine.credits(invoker.actor);
  const text = creditsText(summary);
  let chart: Uint8Array | null = null;
  try {
    chart = await creditsChart(summary);
  } catch (error) {
    ctx.logger.warn({ err: error, workspaceId: summary.workspace.id }, "rendering the /credits chart failed; answering with text only");
  }
  if (!chart || chart.byteLength > invoker.attachmentSizeLimit) return ephemeralText(text);
  const body = {
    content: truncate(inertContent(text), LIMITS.content),
    embeds: [{ title: `Usage ${summary.from} to ${summary.to}`, image: { url: `attachment://${CHART_FILE}` } }],
    components: [],
    allowed_mentions: NO_MENTIONS,
  };
  return reply(ctx, invoker.handle, { body, files: [{ name: CHART_FILE, data: chart, contentType: "image/png" }] }, { ephemeral: true });
}

/**
 * Top-level options only: the command table has no subcommands. An attachment option's value
 * is the attachment's id; the attachment itself (its CDN URL) is in `data.resolved.attachments`,
 * so the option's value here becomes that URL.
 */
function optionValues(interaction: APIChatInputApplicationCommandInteraction): OptionValues {
  const values: OptionValues = {};
  for (const option of interaction.data.options ?? []) {
    if (option.type === ApplicationCommandOptionType.Attachment) {
      const attachment = interaction.data.resolved?.attachments?.[option.value];
      if (attachment) values[option.name] = attachment.url;
      continue;
    }
    if ("value" in option && (typeof option.value === "string" || typeof option.value === "number" || typeof option.value === "boolean")) {
      values[option.name] = option.value;
    }
  }
  return values;
}
