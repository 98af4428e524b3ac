/**
 * Prompt search semantics (core/ports/store.ts ImageStore.search, shared with the SQLite store's
 * FTS5 query): every word of the query must appear as a word of the prompt, except the last,
 * which may be the start of one; case-insensitive; words are runs of letters and digits.
 */
export function promptWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function matchesPrompt(query: string, prompt: string): boolean {
  const wanted = promptWords(query);
  if (wanted.length === 0) return false;
  const words = promptWords(prompt);
  const last = wanted.length - 1;
  return wanted.every((term, i) => words.some((word) => (i === last ? word.startsWith(term) : word === term)));
}
