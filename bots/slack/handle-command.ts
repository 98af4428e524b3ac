import type { ServerResponse } from "node:http";
import type { AckFn, App, RespondArguments, SlashCommand } from "@slack/bolt";
import { apiKeyCommand } from "../../core/commands/api-key-command.ts";
import type { CommandHandlers } from "../../core/commands/command-handlers.ts";
import type { CommandDef, CommandName } from "../../core/commands/command-table.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { forgetConfirmText, forgottenText } from "../../core/commands/forget-text.ts";
import { linkCommand, unlinkCommand } from "../../core/commands/link-command.ts";
import { parseOptions, type OptionValues } from "../../core/commands/parse-text-command.ts";
import { creditsText, statusText } from "../../core/commands/render-text.ts";
import { creditsChart } from "../../core/engine/credits-chart.ts";
import type { CreditsSummary } from "../../core/engine/credits-summary.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import { collectionPage, searchPage } from "./browse-pages.ts";
import { describeForSlack, imageUrlFromText } from "./handle-describe.ts";
import { describeSourceFromText } from "../../core/commands/describe-source.ts";
import { handleImagine } from "./handle-imagine.ts";
import { openSettingsModal, saveSettingsText, settingsHasOptions } from "./handle-settings.ts";
import { LIMITS, truncate } from "./limits.ts";
import { decodeSlackText, escapeMrkdwn } from "./mrkdwn.ts";
import { slackHelp } from "./render-help.ts";
import { renderJobMessage, type SlackMessage } from "./render-job-message.ts";
import { postToResponseUrl, type ResponseUrlPost } from "./response-url.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { adminAware, invokerOf, type SlackInvoker } from "./slack-invoker.ts";
import { uploadFiles } from "./upload-images.ts";

/**
 * The commands of the core command table, through one Bolt listener (each listener costs every
 * request a middleware chain). Options are parsed by the shared text parser; a parse error is
 * the ephemeral ack. /imagine acks after its submit; every other command acks at once and
 * answers through the response_url, so Slack API calls it makes (users.info for admin checks)
 * never hold up the ack.
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  // The names Slack knows the commands by (prefix applied), mapped back to the core commands.
  const names = ctx.commands.all.map((c) => c.slack.slice(1).replace(/[-]/g, "\\-"));
  const listener = slashCommandListener(ctx);
  app.command(new RegExp(`^/(${names.join("|")})$`), ({ command: payload, ack, respond, client, context }) =>
    listener({ payload, ack, respond, client, botUserId: context.botUserId ?? null }),
  );
}

interface SlashCommandArgs {
  payload: SlashCommand;
  ack: AckFn<string | RespondArguments>;
  respond: (message: RespondArguments) => Promise<unknown>;
  client: WebClient;
  botUserId: string | null;
}

/** One slash command, whichever way it arrived (Bolt's listener, or directSlashCommand below). */
function slashCommandListener(ctx: SlackContext): (args: SlashCommandArgs) => Promise<void> {
  return async ({ payload, ack, respond, client, botUserId }) => {
    const command = ctx.commands.coreCommand(payload.command)!;
    const invoker = invokerOf({
      teamId: payload.team_id,
      enterpriseId: payload.enterprise_id,
      channelId: payload.channel_id,
      userId: payload.user_id,
      teamName: payload.team_domain,
      userName: payload.user_name,
    });
    const parsed = parseOptions(command, decodeSlackText(payload.text));
    if (!parsed.ok) return ack({ response_type: "ephemeral", text: escapeMrkdwn(ctx.commands.rename(parsed.error.message)) });
    if (acksAfterSubmit(command.name)) {
      return ACKS_AFTER_SUBMIT[command.name](ctx, { payload, invoker, options: parsed.value, ack, client, botUserId });
    }
    await ack();
    // The modal needs the trigger_id within 3 s: it opens before anything slow (users.info, the store).
    if (command.name === "settings" && !settingsHasOptions(invoker, parsed.value)) return openSettingsModal(ctx, { invoker, client, triggerId: payload.trigger_id });
    // Spread so the narrowed name (ACKS_AFTER_SUBMIT's excluded) travels with the command.
    const answer = await answerCommand(ctx, { ...command, name: command.name }, { payload, invoker, options: parsed.value, client });
    if (answer) await respond({ response_type: "ephemeral", ...answer });
  };
}

/**
 * The /imagine ack path without Bolt's receiver and middleware chain, for one workspace over
 * HTTP: slackRequestGuard has already checked the signature, the timestamp (stale and future)
 * and the payload's shape, so Bolt would only check and parse the same body again before the
 * same listener ran. Answers as Bolt's receiver does (200, JSON when the ack has a message), and
 * as ackInsteadOf500 does when the listener throws before acking. Every other request (other
 * commands, buttons, events, url_verification) returns null and goes to Bolt.
 */
export function directSlashCommand(
  ctx: SlackContext,
  client: WebClient,
  botUserId: string | null,
): (body: unknown, res: ServerResponse) => Promise<void> | null {
  const listener = slashCommandListener(ctx);
  return (body, res) => {
    const payload = body as Partial<SlashCommand> | null;
    if (typeof payload?.command !== "string" || typeof payload.response_url !== "string") return null;
    const command = ctx.commands.coreCommand(payload.command);
    if (!command || !acksAfterSubmit(command.name)) return null;
    const ack: AckFn<string | RespondArguments> = async (message) => {
      if (res.headersSent) return;
      if (!message) res.writeHead(200).end();
      else if (typeof message === "string") res.writeHead(200).end(message);
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(message));
    };
    const respond = (message: RespondArguments) => postToResponseUrl(payload.response_url!, message as ResponseUrlPost);
    return listener({ payload: payload as SlashCommand, ack, respond, client, botUserId }).catch((error: unknown) => {
      ctx.logger.error({ err: error }, "a Slack listener failed before answering; acked so Slack does not retry");
      if (!res.headersSent) res.writeHead(200).end();
    });
  };
}

/** Commands that ack only after their submit (a rejection is the ack); every other one acks first. */
const ACKS_AFTER_SUBMIT = {
  imagine: handleImagine,
} satisfies Partial<CommandHandlers<typeof handleImagine>>;
type AcksAfterSubmit = keyof typeof ACKS_AFTER_SUBMIT;
const acksAfterSubmit = (name: CommandName): name is AcksAfterSubmit => Object.hasOwn(ACKS_AFTER_SUBMIT, name);

interface CommandArgs {
  payload: SlashCommand;
  invoker: SlackInvoker;
  options: OptionValues;
  client: WebClient;
}

/** After the ack: `actor` knows whether the person is a workspace admin when the command needs it. */
interface AnswerArgs extends CommandArgs {
  actor: Actor;
}

/** The ephemeral answer, or null when the command answered otherwise (the settings modal). */
type SlackCommandHandler = (ctx: SlackContext, args: AnswerArgs) => Promise<SlackMessage | null>;

/** An ephemeral text answer; what it quotes (prompts, ids people typed) cannot become markup. */
const say = (text: string): SlackMessage => {
  const cut = truncate(escapeMrkdwn(text), LIMITS.sectionText);
  return { text: cut, blocks: [{ type: "section", text: { type: "mrkdwn", text: cut } }] };
};

async function answerCommand(ctx: SlackContext, command: CommandDef & { name: Exclude<CommandName, AcksAfterSubmit> }, args: CommandArgs): Promise<SlackMessage | null> {
  const { engine } = ctx;
  const { invoker, client } = args;
  const needsAdminFlag = command.permission === "admin" || command.name === "credits" || command.name === "cancel";
  const actor = needsAdminFlag ? await adminAware(ctx, client, invoker) : invoker.actor;
  if (command.permission === "admin" && !(await engine.resolve(actor)).isAdmin) {
    return say(`Only workspace admins and owners can use ${ctx.commands.slackName(command.name)}.`);
  }
  return SLACK_COMMANDS[command.name](ctx, { ...args, actor });
}

/** Every command of the core table but those in ACKS_AFTER_SUBMIT; one missing is a compile error. */
export const SLACK_COMMANDS = {
  // Acked at once with the others (a vision model takes longer than 3 s); the suggestions come
  // privately through the response_url. Slack slash commands carry no files: an image URL here,
  // or the "Describe with Pixorly" message shortcut on a message with an image.
  describe: async (ctx, { actor, options, payload, invoker }) => {
    const image = await describeSourceFromText(ctx.engine, actor, imageUrlFromText(String(options.image)));
    if (!image.ok) return say(image.error.message);
    return describeForSlack(ctx, {
      actor,
      image: image.value,
      model: typeof options.model === "string" ? options.model : undefined,
      triggerId: payload.trigger_id,
      channelKey: invoker.channelKey,
    });
  },
  credits: async (ctx, { actor, client, invoker }) => {
    const summary = await ctx.engine.credits(actor);
    const note = await sendCreditsChart(ctx, client, invoker.userId, summary);
    return say(`\`\`\`${creditsText(summary)}\`\`\`${note ? `\n${note}` : ""}`);
  },
  jobs: async (ctx, { actor }) => {
    const jobs = await ctx.engine.listJobs(actor, 10);
    if (!jobs.length) return say(ctx.commands.rename("No jobs yet. Try `/imagine a lighthouse at dusk`."));
    return say(jobs.map((j) => `\`${j.id}\` ${j.status} — ${truncate(j.prompt.replace(/\s+/g, " "), 60)}`).join("\n"));
  },
  show: async (ctx, { actor, options }) => {
    // The engine decides who may see a job (a private one: its owner and the workspace's admins).
    const viewed = await ctx.engine.view(actor, String(options.job), { acrossLink: true });
    if (!viewed.ok) return say(viewed.error.message);
    const view = viewed.value;
    if (ctx.storage.publicUrls) return renderJobMessage(view, { imageUrls: view.images.map((i) => imageUrl(ctx.storage, i)) });
    // Uploads cannot ride in an ephemeral answer; the job's own message carries them.
    return renderJobMessage(view, { notes: view.images.length ? ["The images are posted with the job's message."] : [] });
  },
  cancel: async ({ engine }, { actor, options }) => {
    const cancelled = await engine.cancel(actor, String(options.job));
    return say(cancelled.ok ? statusText({ job: cancelled.value, images: [], position: null }) : cancelled.error.message);
  },
  collection: (ctx, { invoker, options, payload }) =>
    collectionPage(ctx, invoker, { kind: "collection", scope: "channel", page: Number(options.page ?? 1) }, payload.channel_name),
  search: (ctx, { invoker, options }) => searchPage(ctx, invoker, { kind: "search", query: String(options.words), page: Number(options.page ?? 1) }),
  settings: async (ctx, { actor, invoker, options }) => say(await saveSettingsText(ctx, { actor, invoker, options })),
  // Ephemeral through the response_url: a created key is shown to its creator only, once.
  apikey: async ({ engine }, { actor, options }) => say(await apiKeyCommand(engine, actor, options)),
  // Through the response_url, ephemeral: a link code is for the admin who asked.
  link: async (ctx, { actor, options }) => say(ctx.commands.rename(await linkCommand(ctx.engine, actor, options))),
  unlink: async (ctx, { actor, options }) =>
    say(ctx.commands.rename(await unlinkCommand(ctx.engine, actor, options, `${ctx.commands.slackName("unlink")} --confirm`))),
  "forget-me": async (ctx, { actor, options }) => {
    if (options.confirm !== true) return say(forgetConfirmText(`${ctx.commands.slackName("forget-me")} --confirm`));
    const forgotten = await ctx.engine.forgetUser({ platform: actor.platform, externalUserId: actor.userExternalId });
    return say(forgotten.ok ? forgottenText(forgotten.value) : forgotten.error.message);
  },
  help: async (ctx, { options }) => slackHelp(ctx.commands, typeof options.command === "string" ? options.command : undefined),
} satisfies CommandHandlers<SlackCommandHandler, AcksAfterSubmit>;

/**
 * The admin /credits chart, as a PNG uploaded into the admin's DM with the app; returns the line
 * the text answer adds about it, or null for members (who get no chart). The DM, because an
 * ephemeral answer (response_url, chat.postEphemeral) cannot carry files, and the App Home
 * shows images only by URL (ours are not public with local storage) and is republished on
 * every open; the DM is where the notifier already delivers private results, through
 * conversations.open with the im:write and files:write scopes the app already asks for.
 * A failure costs only the chart, never the text answer.
 */
async function sendCreditsChart(ctx: SlackContext, client: WebClient, userId: string, summary: CreditsSummary): Promise<string | null> {
  try {
    const chart = await creditsChart(summary);
    if (!chart) return null;
    const opened = await client.conversations.open({ users: userId });
    const filename = `usage-${summary.from}-to-${summary.to}.png`;
    await uploadFiles(client, [{ bytes: chart, filename, altText: `Credits and images per day, ${summary.from} to ${summary.to}` }], {
      channelId: opened.channel!.id!,
      threadTs: null,
      comment: escapeMrkdwn(`Usage of ${summary.workspace.name}, ${summary.from} to ${summary.to}`),
    });
    return "The 30-day chart is in your direct messages with Pixorly.";
  } catch (error) {
    ctx.logger.warn({ err: error, workspaceId: summary.workspace.id }, "sending the /credits chart to Slack failed; answering with text only");
    return "The 30-day chart could not be sent this time.";
  }
}
