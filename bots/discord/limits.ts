/**
 * Discord's documented limits on what a bot sends. Lengths are counted here in UTF-16 code
 * units (string.length), never fewer than Discord's own count, so text cut to these fits.
 */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFieldValue: 1024,
  embedFooter: 2048,
  /** Title, description, field names and values, footer and author of every embed together. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  attachments: 10,
  autocompleteChoices: 25,
  choiceText: 100,
  /** A modal (interaction response type 9): its title, and 1 to 5 top-level components. */
  modalTitle: 45,
  modalComponents: 5,
  /** A text input in a modal: its label, placeholder and (pre-filled or typed) value. */
  textInputLabel: 45,
  textInputPlaceholder: 100,
  textInputValue: 4000,
  /** Used when an interaction carries no attachment_size_limit: Discord's default for a server. */
  defaultAttachmentBytes: 10 * 1024 * 1024,
} as const;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Cuts `text` to at most `max` code units, ending with "…". Cuts fall between grapheme
 * clusters, so neither a surrogate pair nor an emoji sequence (flags, skin tones) is split.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}
