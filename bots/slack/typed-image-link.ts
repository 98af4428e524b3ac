import { imageInputFromOptions, type ImageInputChoice } from "../../core/commands/image-input-options.ts";
import type { GenerationRequest } from "../../core/domain/generation-request.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import type { Result } from "../../core/domain/result.ts";
import type { Actor } from "../../core/engine/actor.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";

/**
 * A link as it reaches us in Slack text: message text (a mention) carries links in Slack's own
 * markup, `<https://…>` or `<https://…|label>`; a slash command's text carries them as typed.
 */
export function slackLinkUrl(value: string): string {
  const link = /^<([^|>]+)(\|[^>]*)?>$/.exec(value.trim());
  return link ? link[1]! : value.trim();
}

/**
 * /imagine's `--image <link>` and `--remix <job>[/<n>]` from Slack text, through the core's
 * reading of them. A typed link is fetched like any public https image, without a Slack token:
 * only files Slack hands us in a payload are fetched with the bot token.
 */
export function imageChoiceFromText(engine: Engine, actor: Actor, options: OptionValues, request: GenerationRequest): Promise<Result<ImageInputChoice, Rejection>> {
  const typed = typeof options.image === "string" ? { ...options, image: slackLinkUrl(options.image) } : options;
  return imageInputFromOptions(engine, actor, typed, request);
}

/** Whether the text named an image itself (`--image` or `--remix`), which then wins over shared files. */
export const namesImage = (options: OptionValues) => Boolean(options.image || options.remix);
