import { escapeMarkdown } from "discord.js";

const ZWSP = "\u200b";

/**
 * Makes mention syntax render as plain text. allowed_mentions (parse: []) already stops every
 * ping; this stops the rendering too: `<@123>`, `<@&456>`, `<#789>`, `</cmd:1>`, `<t:0>` would
 * still show as pills, links or dates, and `@everyone` would look like a real announcement.
 * A zero-width space after "<" or "@" breaks Discord's parser and is invisible to readers. Idempotent.
 */
export function defangMentions(text: string): string {
  return text.replace(/<(?!\u200b)/g, `<${ZWSP}`).replace(/@(?=everyone|here)/gi, `@${ZWSP}`);
}

/**
 * Makes a masked link `[text](url)` show as typed: in content and embed descriptions Discord
 * would otherwise show only "text" and hide where it points. Idempotent.
 */
export function defangLinks(text: string): string {
  return text.replace(/(?<!\\)\[([^\]\n]*?)(?<!\\)\]\(/g, "\\[$1\\](");
}

/** Text we wrote that embeds someone's words (an echoed model name, a failure message): no pings, no hidden links. */
export function inertContent(text: string): string {
  return defangLinks(defangMentions(text));
}

/**
 * Someone's own words (a prompt, a search, a name) placed inside our markdown: shown exactly as
 * typed, so `**`, `||`, `# `, "- " or a masked link cannot restyle or hide parts of our message.
 */
export function inertUserText(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: false });
  return inertContent(escaped);
}
