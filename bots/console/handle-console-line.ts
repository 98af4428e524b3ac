import { apiKeyCommand } from "../../core/commands/api-key-command.ts";
import { forgetConfirmText, forgottenText } from "../../core/commands/forget-text.ts";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import { helpText } from "../../core/commands/help-text.ts";
import { linkCommand, unlinkCommand } from "../../core/commands/link-command.ts";
import { describedText } from "../../core/commands/describe-text.ts";
import { describeSourceFromText } from "../../core/commands/describe-source.ts";
import { imageInputFromOptions } from "../../core/commands/image-input-options.ts";
import type { CommandHandlers } from "../../core/commands/command-handlers.ts";
import { parseCommandLine, type OptionValues } from "../../core/commands/parse-text-command.ts";
import { settingsPatchFromOptions, settingsText } from "../../core/commands/settings-options.ts";
import { acceptedText, creditsText, parametersText, statusText } from "../../core/commands/render-text.ts";
import type { Actor } from "../../core/engine/actor.ts";
import type { Engine } from "../../core/engine/engine.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { Image } from "../../core/domain/image.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { CONSOLE_CHANNEL, consoleActor } from "./console-actor.ts";

export interface ConsoleContext {
  engine: Engine;
  storage: ObjectStorage;
  write: (text: string) => void;
  /** Jobs this console started and waits for before exiting. */
  track: (jobId: string) => void;
}

/** Runs one console line; every outcome, rejections included, is written for the person. */
export async function handleConsoleLine(ctx: ConsoleContext, line: string): Promise<void> {
  const text = line.trim();
  if (!text || text.startsWith("#")) return;
  const say = (message: string) => ctx.write(ensureNewline(message));
  if (!text.startsWith("/")) return say(`Commands start with "/". Type /help for the list.`);

  const parsed = parseCommandLine(text);
  if (!parsed.ok) return say(`✗ ${parsed.error.message}`);
  const { command, options } = parsed.value;
  return say(await CONSOLE_COMMANDS[command.name](ctx, { actor: consoleActor(), options }));
}

const ensureNewline = (message: string) => (message.endsWith("\n") ? message : `${message}\n`);

/** What a console command prints; rejections included, every outcome is written for the person. */
type ConsoleCommandHandler = (ctx: ConsoleContext, args: { actor: Actor; options: OptionValues }) => Promise<string>;

/** Every command of the core table; one missing is a compile error (see CommandHandlers). */
export const CONSOLE_COMMANDS = {
  imagine: async (ctx, { actor, options }) => {
    const image = await imageInputFromOptions(ctx.engine, actor, options, generationRequestFromOptions(options));
    if (!image.ok) return `✗ ${image.error.message}`;
    const result = await ctx.engine.submit({
      actor,
      source: "console",
      idempotencyKey: null,
      channelKey: CONSOLE_CHANNEL,
      replyTarget: { platform: "console" },
      ...image.value,
    });
    if (!result.ok) return `✗ ${result.error.message}`;
    ctx.track(result.value.job.id);
    return `[${result.value.job.id}] ${acceptedText(result.value)}`;
  },
  // An https image URL (the engine's safe fetch refuses local addresses and files). No buttons
  // here: each suggestion is printed with the /imagine line that runs it.
  describe: async ({ engine }, { actor, options }) => {
    const image = await describeSourceFromText(engine, actor, String(options.image));
    if (!image.ok) return `✗ ${image.error.message}`;
    const described = await engine.describe({
      actor,
      image: image.value,
      model: typeof options.model === "string" ? options.model : undefined,
      idempotencyKey: null,
      source: "console",
      channelKey: CONSOLE_CHANNEL,
    });
    return described.ok ? describedText(described.value) : `✗ ${described.error.message}`;
  },
  credits: async ({ engine }, { actor }) => creditsText(await engine.credits(actor)),
  jobs: async ({ engine }, { actor }) => {
    const jobs = await engine.listJobs(actor, 10);
    if (!jobs.length) return "No jobs yet. Try /imagine a lighthouse at dusk";
    return jobs.map((j) => `${j.id}  ${j.status.padEnd(10)} ${j.prompt.slice(0, 60)}`).join("\n");
  },
  show: async (ctx, { actor, options }) => {
    const view = await ctx.engine.view(actor, String(options.job), { acrossLink: true });
    if (!view.ok) return `✗ ${view.error.message}`;
    const lines = [`[${view.value.job.id}] ${statusText(view.value)}`, `  "${view.value.job.prompt}" · ${parametersText(view.value)}`];
    for (const image of view.value.images) lines.push(`  ${imageUrl(ctx.storage, image)}`);
    return lines.join("\n");
  },
  cancel: async ({ engine }, { actor, options }) => {
    const cancelled = await engine.cancel(actor, String(options.job));
    return cancelled.ok ? `[${cancelled.value.id}] Cancelled — ${cancelled.value.creditsRefunded} credits refunded` : `✗ ${cancelled.error.message}`;
  },
  collection: async (ctx, { actor, options }) => {
    const page = await ctx.engine.collectionPage(actor, CONSOLE_CHANNEL, "Local console", Number(options.page ?? 1));
    const header = `${page.collection.name}: ${page.total} image(s), page ${page.page} of ${page.pages}`;
    return [header, ...page.images.map((i) => imageRow(ctx, i))].join("\n");
  },
  search: async (ctx, { actor, options }) => {
    const found = await ctx.engine.searchImages(actor, String(options.words), Number(options.page ?? 1));
    return [`${found.total} image(s) match, page ${found.page} of ${found.pages}`, ...found.images.map((i) => imageRow(ctx, i))].join("\n");
  },
  settings: async ({ engine }, { actor, options }) => {
    const patch = settingsPatchFromOptions(options, (raw) => `console:${raw.replace(/^#/, "")}`);
    if (Object.keys(patch).length === 0) return settingsText((await engine.resolve(actor)).workspace.settings);
    const updated = await engine.updateSettings(actor, patch);
    return updated.ok ? `Settings saved.\n${settingsText(updated.value.settings)}` : `✗ ${updated.error.message}`;
  },
  apikey: async ({ engine }, { actor, options }) => apiKeyCommand(engine, actor, options),
  link: async ({ engine }, { actor, options }) => linkCommand(engine, actor, options),
  unlink: async ({ engine }, { actor, options }) => unlinkCommand(engine, actor, options, "/unlink --confirm"),
  "forget-me": async ({ engine }, { actor, options }) => {
    if (options.confirm !== true) return forgetConfirmText("/forget-me --confirm");
    const forgotten = await engine.forgetUser({ platform: actor.platform, externalUserId: actor.userExternalId });
    return forgotten.ok ? forgottenText(forgotten.value) : `✗ ${forgotten.error.message}`;
  },
  help: async (_ctx, { options }) => helpText(options.command as string | undefined),
} satisfies CommandHandlers<ConsoleCommandHandler>;

function imageRow(ctx: ConsoleContext, image: Image): string {
  return `  ${image.jobId}  "${image.prompt.slice(0, 50)}"  ${imageUrl(ctx.storage, image)}`;
}
