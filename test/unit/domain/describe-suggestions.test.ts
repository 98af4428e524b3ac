import { describe, expect, it } from "vitest";
import { cleanSuggestions, SUGGESTION_MAX } from "../../../core/domain/describe-suggestions.ts";
import { PROMPT_MAX } from "../../../core/domain/generation-request.ts";

describe("cleanSuggestions: what a vision model's suggestions become before anyone sees them", () => {
  it("one line, no control, zero-width or bidi characters, no backticks (front ends quote them in code spans)", () => {
    expect(cleanSuggestions(["a\tfox\r\nin\u0000snow", "a `quoted` \u200bword\u202e", "\ufeff  "])).toEqual(["a fox in snow", "a 'quoted' word"]);
  });

  it("drops repeats ignoring case and keeps at most the number asked for", () => {
    expect(cleanSuggestions(["A fox", "a FOX", "a hare", "a deer", "an owl", "a wolf"], 3)).toEqual(["A fox", "a hare", "a deer"]);
  });

  it("cuts within SUGGESTION_MAX (itself within PROMPT_MAX) at a word boundary when one is near, counting characters as people do", () => {
    expect(SUGGESTION_MAX).toBeLessThanOrEqual(PROMPT_MAX);
    const [cut] = cleanSuggestions([`${"word ".repeat(100)}end`]);
    expect([...cut!].length).toBeLessThanOrEqual(SUGGESTION_MAX);
    expect(cut!.endsWith("word")).toBe(true);
    const [emoji] = cleanSuggestions(["🦊".repeat(SUGGESTION_MAX + 10)]);
    expect([...emoji!]).toHaveLength(SUGGESTION_MAX);
  });
});
