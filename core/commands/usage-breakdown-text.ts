import type { UsageBreakdown } from "../engine/usage-breakdown.ts";
import { plural } from "./plural.ts";

/** The admin part of /credits, worded once for every front end. */
export function usageBreakdownText(b: UsageBreakdown): string {
  const rate = b.successRate === null ? "no finished jobs yet" : `${Math.round(b.successRate * 100)}% of finished jobs succeeded`;
  const lines = [`Workspace, last 30 days: ${plural(b.creditsCharged, "credit")} charged, ${b.creditsRefunded} refunded; ${rate}`];
  if (b.models.length) lines.push(`By model: ${b.models.map((m) => `${m.model} ${plural(m.images, "image")}`).join(", ")}`);
  return lines.join("\n");
}
