import { refundFor } from "../../domain/credits.ts";
import type { Job } from "../../domain/job.ts";
import { utcDay } from "../../domain/usage.ts";
import { bumpUsage } from "./bump-usage.ts";
import { refundJob } from "./refund-job.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export interface Ending {
  status: "failed" | "cancelled";
  /** Kept from the previous value when null, so the last failure stays visible. */
  errorCode: string | null;
  errorMessage: string | null;
  now: number;
}

/**
 * Moves a pending or processing job to failed or cancelled with a full refund and the matching
 * usage counter (counted on the day it ended). Shared by fail, cancel and failStale; callers
 * adjust the queue tallies, since only they know whether the job was pending.
 */
export function endJob(ctx: SqliteContext, job: Job, ending: Ending): Job {
  const refunded = refundJob(ctx, job, refundFor(job, ending.status), ending.now);
  bumpUsage(ctx, job.workspaceId, job.userId, utcDay(ending.now), ending.status === "failed" ? { failed: 1 } : { cancelled: 1 });
  const row = ctx
    .sql(
      `UPDATE generation_jobs
       SET status = @status, error_code = coalesce(@errorCode, error_code), error_message = coalesce(@errorMessage, error_message),
           lease_owner = NULL, lease_expires_at = NULL, finished_at = @now, credits_refunded = credits_refunded + @refunded
       WHERE id = @id
       RETURNING *`,
    )
    .get({ ...ending, refunded, id: job.id }) as JobRow;
  return toJob(row);
}
