import type { Described } from "../engine/describe-image.ts";
import { plural } from "./plural.ts";

/** The line above /describe's suggestions on every front end. */
export function describedHeadline(described: Pick<Described, "model" | "price" | "duplicate" | "suggestions">): string {
  const cost = described.duplicate ? "already paid" : `${plural(described.price, "credit")}`;
  return `${plural(described.suggestions.length, "prompt suggestion")} from ${described.model.displayName} (${cost}). Pick one to run it through /imagine.`;
}

/** Console form: numbered suggestions, each followed by the command that runs it. */
export function describedText(described: Described): string {
  const lines = [describedHeadline(described)];
  described.suggestions.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`, `     /imagine ${s}`));
  return lines.join("\n");
}
