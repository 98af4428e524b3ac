import { refundFor } from "../../core/domain/credits.ts";
import { utcDay } from "../../core/domain/usage.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { appendEntry } from "./ledger.ts";
import { byAppId } from "./lookup.ts";
import { moveJob } from "./queue.ts";
import { bumpUsage } from "./usage.ts";

type JobDoc = Doc<"generationJobs">;

/**
 * Gives `amount` credits of a job back, once ("refund:<job id>"). The refund is booked on the
 * usage row of the day the job was charged, so a day's net spend (what the daily cap compares)
 * stays exact across midnight. Returns the amount, for the job's creditsRefunded.
 */
export async function refundJob(ctx: MutationCtx, job: JobDoc, amount: number, now: number): Promise<number> {
  if (amount <= 0) return 0;
  const workspace = (await byAppId(ctx, "workspaces", job.workspaceId))!;
  await appendEntry(ctx, workspace, {
    kind: "refund",
    amount,
    reason: `Refund for job ${job.appId}`,
    userId: job.userId,
    jobId: job.appId,
    dedupeKey: `refund:${job.appId}`,
    now,
  });
  await bumpUsage(ctx, job.workspaceId, job.userId, utcDay(job.createdAt), { creditsRefunded: amount });
  return amount;
}

/**
 * A pending or processing job ends as failed or cancelled: full refund, the outcome counted on
 * the day it ended, the lease dropped, the last error kept when this ending names none.
 */
export async function endJob(
  ctx: MutationCtx,
  job: JobDoc,
  ending: { status: "failed" | "cancelled"; errorCode: string | null; errorMessage: string | null; now: number },
): Promise<JobDoc> {
  const refund = await refundJob(ctx, job, refundFor(job, ending.status), ending.now);
  await bumpUsage(ctx, job.workspaceId, job.userId, utcDay(ending.now), { [ending.status]: 1 });
  return moveJob(ctx, job, ending.status, {
    errorCode: ending.errorCode ?? job.errorCode,
    errorMessage: ending.errorMessage ?? job.errorMessage,
    creditsRefunded: job.creditsRefunded + refund,
    leaseOwner: null,
    leaseExpiresAt: null,
    finishedAt: ending.now,
  });
}
