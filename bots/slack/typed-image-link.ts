import type { InputImageSource } from "../../core/domain/input-image.ts";

/**
 * `--image <link>` as it reaches us from Slack: message text (a mention) carries links in
 * Slack's own markup, `<https://…>` or `<https://…|label>`; a slash command's text carries them
 * as typed. A typed link is fetched like any public https image, without a Slack token: only
 * files Slack hands us in a payload are fetched with the bot token.
 */
export function typedImageSource(value: unknown): Extract<InputImageSource, { kind: "url" }> | undefined {
  if (typeof value !== "string" || !value.trim()) return undefined;
  const link = /^<([^|>]+)(\|[^>]*)?>$/.exec(value.trim());
  return { kind: "url", url: link ? link[1]! : value.trim() };
}
