import { successRate } from "../domain/usage.ts";
import type { Accepted } from "../engine/submit-generation.ts";
import type { CreditsSummary } from "../engine/credits-summary.ts";
import type { JobView } from "../ports/notifier.ts";
import { plural } from "./plural.ts";
import { usageBreakdownText } from "./usage-breakdown-text.ts";

/**
 * Plain-text wording shared by every front end, so a job reads the same in a terminal, in
 * Discord and in Slack. Front ends add their own layout (embeds, blocks, colours) around it.
 */

export function acceptedText(accepted: Pick<Accepted, "position" | "price" | "duplicate">): string {
  const where = accepted.position === null ? "queued" : `queued — position ${accepted.position}`;
  return accepted.duplicate ? `Already ${where}` : `${where[0]!.toUpperCase()}${where.slice(1)}, costs ${plural(accepted.price, "credit")}`;
}

/** One line describing where a job stands. */
export function statusText(view: JobView): string {
  const { job } = view;
  switch (job.status) {
    case "pending":
      if (view.degraded) return "The image service is degraded, your job is queued and will run when it recovers.";
      if (job.attempts > 0) return `Retrying soon (attempt ${job.attempts + 1} of ${job.maxAttempts})${job.errorMessage ? `: ${job.errorMessage}` : ""}`;
      return view.position === null ? "Queued" : `Queued — position ${view.position}`;
    case "processing":
      return `Generating ${plural(job.count, "image")} with ${job.model}…`;
    case "completed": {
      const seconds = job.finishedAt && job.startedAt ? ((job.finishedAt - job.createdAt) / 1000).toFixed(1) : null;
      const refunded = job.creditsRefunded ? `, ${plural(job.creditsRefunded, "credit")} refunded for missing images` : "";
      return `Done${seconds ? ` in ${seconds}s` : ""} — ${plural(job.creditsCharged - job.creditsRefunded, "credit")}${refunded}`;
    }
    case "failed":
      return `Failed: ${job.errorMessage ?? "unknown error"} — ${plural(job.creditsRefunded, "credit")} refunded`;
    case "cancelled":
      return `Cancelled — ${plural(job.creditsRefunded, "credit")} refunded`;
  }
}

/** "prompt · model · seed · aspect" for captions. */
export function parametersText(view: JobView): string {
  const { job } = view;
  const parts = [`model ${job.model}`, `seed ${job.seed}`, `aspect ${job.aspectRatio}`];
  if (job.negativePrompt) parts.push(`no: ${job.negativePrompt}`);
  if (job.private) parts.push("private");
  return parts.join(" · ");
}

export function creditsText(s: CreditsSummary): string {
  const gb = (bytes: number) =>
    bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(bytes >= 10 * 1024 ** 2 ? 0 : 1)} MB`;
  const balanceLine = s.pool
    ? `${s.workspace.name}: ${s.plan.id} plan, ${plural(s.pool.balance, "credit")} left in the pool shared with ${s.pool.partner} (this side adds up to ${s.plan.monthlyCredits} each month)`
    : `${s.workspace.name}: ${s.plan.id} plan, ${plural(s.workspace.balance, "credit")} left (refills to ${s.plan.monthlyCredits} each month)`;
  const lines = [
    balanceLine,
    `Storage: ${gb(s.workspace.storageUsedBytes)} of ${gb(s.workspace.storageQuotaBytes)}`,
    `You today: ${plural(s.spentToday, "credit")} spent${s.dailyCap === null ? "" : ` of your ${s.dailyCap}-credit daily cap`}`,
    `You, last 30 days: ${plural(s.mine.completed, "job")} done, ${plural(s.mine.images, "image")}, ${plural(s.mine.creditsSpent, "credit")}${rate(s.mine)}`,
  ];
  if (s.pool) {
    lines.push("Shared pool, last 30 days:");
    for (const side of s.pool.sides) lines.push(`  ${side.label}: ${plural(side.totals.creditsSpent, "credit")} spent, ${plural(side.totals.images, "image")}`);
  }
  if (s.breakdown) lines.push(usageBreakdownText(s.breakdown));
  if (s.members?.length) {
    lines.push("Members, last 30 days:");
    for (const m of s.members.slice(0, 10)) lines.push(`  ${m.name}: ${plural(m.totals.creditsSpent, "credit")}, ${plural(m.totals.images, "image")}`);
  }
  return lines.join("\n");
}

function rate(t: { completed: number; failed: number }): string {
  const r = successRate(t);
  return r === null ? "" : `, ${Math.round(r * 100)}% succeeded`;
}
