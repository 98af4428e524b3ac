/**
 * Slack's Block Kit limits (docs.slack.dev/reference/block-kit). Renderers cut text to these
 * rather than let Slack refuse the whole message with invalid_blocks. Messages stay far under
 * the 50-block limit by construction (a job is at most 8 blocks, a page of images 11).
 */
export const LIMITS = {
  /** Blocks in a modal or the Home tab. */
  viewBlocks: 100,
  sectionText: 3_000,
  buttonValue: 2_000,
  imageUrl: 3_000,
  altText: 2_000,
  /** alt_text of an uploaded file. */
  fileAltText: 1_000,
  /** The notification/fallback `text` of a message. */
  fallbackText: 3_000,
  /** Options in a static select. */
  selectOptions: 100,
  optionText: 75,
} as const;

/** Cuts to `max` characters (counted as people count them), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
