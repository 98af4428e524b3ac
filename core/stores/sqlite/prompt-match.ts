const WORD = /[\p{L}\p{N}]+/gu;

const words = (text: string): string[] => text.toLowerCase().match(WORD) ?? [];

/**
 * images.search's rule as a predicate on prompts, or null when the query has no words. Words
 * are runs of letters and digits compared case-insensitively (diacritics kept); every query
 * word must be a word of the prompt, except the last, which only has to start one ("ligh"
 * finds "lighthouse", "sci-fi" is "sci" then a word starting with "fi").
 *
 * Search scans the workspace's prompts with this instead of using an FTS5 index: FTS5 writes
 * a new segment in every transaction that indexes something, which doubled the cost of
 * jobs.complete (the hot path), while search is an occasional interactive command.
 */
export function promptMatcher(query: string): ((prompt: string) => boolean) | null {
  const wanted = words(query);
  const last = wanted.pop();
  if (last === undefined) return null;
  return (prompt) => {
    const have = words(prompt);
    return wanted.every((word) => have.includes(word)) && have.some((word) => word.startsWith(last));
  };
}
