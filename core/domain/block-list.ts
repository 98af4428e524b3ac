/**
 * A small default block list for prompts; workspace admins replace or extend it. Matching is
 * whole-word and case-insensitive so that "class" never trips on "ass".
 */
export const DEFAULT_BLOCK_WORDS: readonly string[] = [
  "child porn",
  "csam",
  "loli",
  "shota",
  "underage nude",
  "beheading",
  "snuff",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Returns the first blocked word or phrase found in `text`, or null. */
export function findBlockedWord(text: string, words: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const word of words) {
    const w = word.trim().toLowerCase();
    if (!w) continue;
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(w).replace(/\s+/g, "\\s+")}($|[^\\p{L}\\p{N}])`, "u");
    if (pattern.test(lower)) return word;
  }
  return null;
}
