import { apiKeyCommand } from "../../core/commands/api-key-command.ts";
import { forgetConfirmText, forgottenText } from "../../core/commands/forget-text.ts";
import { generationRequestFromOptions } from "../../core/commands/generation-options.ts";
import { helpText } from "../../core/commands/help-text.ts";
import { parseCommandLine } from "../../core/commands/parse-text-command.ts";
import { settingsPatchFromOptions, settingsText } from "../../core/commands/settings-options.ts";
import { acceptedText, creditsText, parametersText, statusText } from "../../core/commands/render-text.ts";
import type { Engine } from "../../core/engine/engine.ts";
import { forgetUser } from "../../core/engine/forget-user.ts";
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
  const say = (message: string) => ctx.write(message.endsWith("\n") ? message : `${message}\n`);
  if (!text.startsWith("/")) return say(`Commands start with "/". Type /help for the list.`);

  const parsed = parseCommandLine(text);
  if (!parsed.ok) return say(`✗ ${parsed.error.message}`);
  const { command, options } = parsed.value;
  const actor = consoleActor();
  const { engine } = ctx;

  switch (command.name) {
    case "imagine": {
      const result = await engine.submit({
        actor,
        source: "console",
        idempotencyKey: null,
        channelKey: CONSOLE_CHANNEL,
        replyTarget: { platform: "console" },
        request: generationRequestFromOptions(options),
      });
      if (!result.ok) return say(`✗ ${result.error.message}`);
      ctx.track(result.value.job.id);
      return say(`[${result.value.job.id}] ${acceptedText(result.value)}`);
    }
    case "credits":
      return say(creditsText(await engine.credits(actor)));
    case "jobs": {
      const jobs = await engine.listJobs(actor, 10);
      if (!jobs.length) return say("No jobs yet. Try /imagine a lighthouse at dusk");
      return say(jobs.map((j) => `${j.id}  ${j.status.padEnd(10)} ${j.prompt.slice(0, 60)}`).join("\n"));
    }
    case "show": {
      const view = await engine.view(actor, String(options.job));
      if (!view.ok) return say(`✗ ${view.error.message}`);
      const lines = [`[${view.value.job.id}] ${statusText(view.value)}`, `  "${view.value.job.prompt}" · ${parametersText(view.value)}`];
      for (const image of view.value.images) lines.push(`  ${imageUrl(ctx.storage, image)}`);
      return say(lines.join("\n"));
    }
    case "cancel": {
      const cancelled = await engine.cancel(actor, String(options.job));
      return say(cancelled.ok ? `[${cancelled.value.id}] Cancelled — ${cancelled.value.creditsRefunded} credits refunded` : `✗ ${cancelled.error.message}`);
    }
    case "collection": {
      const page = await engine.collectionPage(actor, CONSOLE_CHANNEL, "Local console", Number(options.page ?? 1));
      const header = `${page.collection.name}: ${page.total} image(s), page ${page.page} of ${page.pages}`;
      const rows = page.images.map((i) => imageRow(ctx, i));
      return say([header, ...rows].join("\n"));
    }
    case "search": {
      const found = await engine.searchImages(actor, String(options.words), Number(options.page ?? 1));
      const rows = found.images.map((i) => imageRow(ctx, i));
      return say([`${found.total} image(s) match, page ${found.page} of ${found.pages}`, ...rows].join("\n"));
    }
    case "settings": {
      const patch = settingsPatchFromOptions(options, (raw) => `console:${raw.replace(/^#/, "")}`);
      if (Object.keys(patch).length === 0) return say(settingsText((await engine.resolve(actor)).workspace.settings));
      const updated = await engine.updateSettings(actor, patch);
      return say(updated.ok ? `Settings saved.\n${settingsText(updated.value.settings)}` : `✗ ${updated.error.message}`);
    }
    case "apikey":
      return say(await apiKeyCommand(engine, actor, options));
    case "forget-me": {
      if (options.confirm !== true) return say(forgetConfirmText("/forget-me --confirm"));
      const forgotten = await forgetUser(engine.options, { platform: actor.platform, externalUserId: actor.userExternalId });
      return say(forgotten.ok ? forgottenText(forgotten.value) : `✗ ${forgotten.error.message}`);
    }
    case "help":
      return say(helpText(options.command as string | undefined));
  }
}

function imageRow(ctx: ConsoleContext, image: Image): string {
  return `  ${image.jobId}  "${image.prompt.slice(0, 50)}"  ${imageUrl(ctx.storage, image)}`;
}
