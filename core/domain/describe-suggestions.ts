import { PROMPT_MAX } from "./generation-request.ts";

/** Suggestions /describe asks a model for: enough to choose from, few enough for one message's buttons. */
export const DESCRIBE_SUGGESTIONS = 4;

/**
 * Longest suggestion kept, in characters (well within PROMPT_MAX): four of them plus their
 * numbering fit one Discord message (2,000 characters) and one Slack button value (2,000).
 */
export const SUGGESTION_MAX = Math.min(400, PROMPT_MAX);

// C0/C1 control characters (newlines and tabs included: a suggestion is one line).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * What a model's suggestions become before anyone sees them: control characters and line
 * breaks turned into spaces, zero-width characters dropped, backticks turned into apostrophes
 * (front ends show a suggestion verbatim inside a code span or block, and Discord reads it back
 * from there when its button is pressed), whitespace collapsed, trimmed, cut to SUGGESTION_MAX characters
 * (at a word boundary when one is near), empty ones dropped, repeats (ignoring case) dropped,
 * at most `max` kept. An empty result means the answer was unusable.
 */
export function cleanSuggestions(raw: readonly string[], max = DESCRIBE_SUGGESTIONS): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const text of raw) {
    const line = cut(text.replace(CONTROL_CHARS, " ").replace(INVISIBLE, "").replace(/`/g, "'").replace(/\s+/g, " ").trim());
    const key = line.toLowerCase();
    if (!line || seen.has(key)) continue;
    seen.add(key);
    kept.push(line);
    if (kept.length === max) break;
  }
  return kept;
}

/** Zero-width and bidi control characters: invisible, and used to smuggle text past readers. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function cut(line: string): string {
  const chars = [...line];
  if (chars.length <= SUGGESTION_MAX) return line;
  const head = chars.slice(0, SUGGESTION_MAX).join("");
  const space = head.lastIndexOf(" ");
  return (space > SUGGESTION_MAX * 0.8 ? head.slice(0, space) : head).trim();
}
