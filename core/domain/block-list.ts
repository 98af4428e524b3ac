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

/**
 * Added to the workspace's list while its NSFW policy is "block" (the default): words that ask
 * for sexual content outright. Checked on the prompt only, never the negative prompt, where
 * "nudity" is exactly what a careful person writes. Whole-word, so "Sussex" and "essex" pass.
 */
export const NSFW_BLOCK_WORDS: readonly string[] = [
  "nsfw",
  "nude",
  "nudes",
  "nudity",
  "naked",
  "topless",
  "bottomless",
  "porn",
  "porno",
  "pornographic",
  "pornography",
  "hentai",
  "xxx",
  "erotic",
  "erotica",
  "sex",
  "sexual",
  "sexually explicit",
  "genitals",
  "genitalia",
  "nipples",
  "fetish",
  "bdsm",
  "onlyfans",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Compiled patterns by word. Building ~30 Unicode regexes on every submit cost ~80 us of CPU
 * per request; lists change rarely, so each word compiles once. Bounded because workspace
 * lists are user-defined: past the cap it starts over rather than grow.
 */
const PATTERNS = new Map<string, RegExp | null>();
const MAX_PATTERNS = 10_000;

function patternFor(word: string): RegExp | null {
  let pattern = PATTERNS.get(word);
  if (pattern !== undefined) return pattern;
  const w = word.trim().toLowerCase();
  // Words of a phrase may be separated by any run of spaces or punctuation ("child-porn").
  const body = w.split(/\s+/).map(escapeRegExp).join("[^\\p{L}\\p{N}]+");
  pattern = w ? new RegExp(`(^|[^\\p{L}\\p{N}])${body}($|[^\\p{L}\\p{N}])`, "u") : null;
  if (PATTERNS.size >= MAX_PATTERNS) PATTERNS.clear();
  PATTERNS.set(word, pattern);
  return pattern;
}

/** Returns the first blocked word or phrase found in `text`, or null. */
export function findBlockedWord(text: string, words: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const word of words) {
    if (patternFor(word)?.test(lower)) return word;
  }
  return null;
}
