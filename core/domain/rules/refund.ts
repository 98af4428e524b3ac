import type { Job } from "../job.ts";
import { utcDay } from "../usage.ts";
import type { Effect } from "./effects.ts";

export type Outcome = "completed" | "failed" | "cancelled";

/**
 * How a job's credits come back, the one place: everything when it failed or was cancelled,
 * the share of the images that did not come back when it completed with fewer than asked for.
 */
export function refundFor(job: Pick<Job, "creditsCharged" | "count">, outcome: Outcome, imagesDelivered = 0): number {
  if (outcome !== "completed") return job.creditsCharged;
  const missing = Math.min(job.count, Math.max(0, job.count - imagesDelivered));
  return Math.floor((job.creditsCharged * missing) / job.count);
}

/**
 * The refund a job's end books, and the effects that book it: a ledger entry once per job
 * ("refund:<job id>") and the refunded credits on the usage row of the day the job was
 * charged (not the day it ended), so a day's net spend (what the daily cap compares) stays
 * exact across midnight. Nothing when nothing is due.
 */
export function refundEffects(
  job: Pick<Job, "id" | "workspaceId" | "userId" | "createdAt" | "creditsCharged" | "count">,
  outcome: Outcome,
  imagesDelivered: number,
  now: number,
): { amount: number; effects: Effect[] } {
  const amount = refundFor(job, outcome, imagesDelivered);
  if (amount <= 0) return { amount: 0, effects: [] };
  return {
    amount,
    effects: [
      {
        type: "book",
        workspaceId: job.workspaceId,
        kind: "refund",
        amount,
        reason: `Refund for job ${job.id}`,
        userId: job.userId,
        jobId: job.id,
        dedupeKey: `refund:${job.id}`,
        now,
      },
      { type: "usage", workspaceId: job.workspaceId, userId: job.userId, date: utcDay(job.createdAt), delta: { creditsRefunded: amount } },
    ],
  };
}
