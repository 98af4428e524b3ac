import type { UsageBreakdown } from "../engine/usage-breakdown.ts";

/** The admin part of /credits, worded once for every front end. */
export function usageBreakdownText(b: UsageBreakdown): string {
  const rate = b.successRate === null ? "no finished jobs yet" : `${Math.round(b.successRate * 100)}% of finished jobs succeeded`;
  const lines = [`Workspace, last 30 days: ${b.creditsCharged} credits charged, ${b.creditsRefunded} refunded; ${rate}`];
  if (b.models.length) lines.push(`By model: ${b.models.map((m) => `${m.model} ${m.images} image${m.images === 1 ? "" : "s"}`).join(", ")}`);
  return lines.join("\n");
}
