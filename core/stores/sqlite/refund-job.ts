import type { Job } from "../../domain/job.ts";
import { utcDay } from "../../domain/usage.ts";
import { appendLedgerEntry } from "./append-ledger-entry.ts";
import { bumpUsage } from "./bump-usage.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * Gives `amount` credits of a job back and returns it for the caller's job update
 * (credits_refunded). Callers refund only on the job's one transition into a final state; the
 * "refund:<job id>" dedupe key keeps the ledger right even if one slipped. The refund is booked
 * on the usage row of the day the job was charged, not the day it ended, so a day's net spend
 * (what the daily cap compares) stays exact across midnight.
 */
export function refundJob(ctx: SqliteContext, job: Job, amount: number, now: number): number {
  if (amount <= 0) return 0;
  appendLedgerEntry(ctx, {
    workspaceId: job.workspaceId,
    kind: "refund",
    amount,
    reason: `Refund for job ${job.id}`,
    userId: job.userId,
    jobId: job.id,
    dedupeKey: `refund:${job.id}`,
    now,
  });
  bumpUsage(ctx, job.workspaceId, job.userId, utcDay(job.createdAt), { creditsRefunded: amount });
  return amount;
}
