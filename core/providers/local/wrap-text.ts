const ELLIPSIS = "…";

/**
 * Greedy word wrap into at most `maxLines` lines no wider than `maxWidth`; words too long for a
 * line are split by character, and text that does not fit ends in an ellipsis. `measure` is the
 * canvas's text width in the current font (injected so this stays a pure function).
 */
export function wrapText(text: string, maxWidth: number, maxLines: number, measure: (s: string) => number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  let truncated = false;

  const push = (piece: string): boolean => {
    if (lines.length === maxLines) {
      truncated = true;
      return false;
    }
    lines.push(piece);
    return true;
  };

  outer: for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line && !push(line)) break;
    line = "";
    for (const char of word) {
      if (line && measure(line + char) > maxWidth) {
        if (!push(line)) break outer;
        line = "";
      }
      line += char;
    }
  }
  if (line && !truncated) push(line);

  if (truncated && lines.length > 0) {
    let last = lines[lines.length - 1]!;
    while (last && measure(last + ELLIPSIS) > maxWidth) last = [...last].slice(0, -1).join("");
    lines[lines.length - 1] = last.trimEnd() + ELLIPSIS;
  }
  return lines;
}
