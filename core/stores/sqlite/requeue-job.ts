import type { Job } from "../../domain/job.ts";
import { movePending } from "./move-pending.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export interface Requeue {
  nextRunAt: number;
  /** -1 when the attempt must not count (release); 0 otherwise. */
  attemptsDelta: number;
  /** Kept from the previous value when null, so the last failure stays visible. */
  errorCode: string | null;
  errorMessage: string | null;
}

/** processing -> pending with the lease cleared; the job re-enters the queue tallies. */
export function requeueJob(ctx: SqliteContext, job: Pick<Job, "id" | "workspaceId">, requeue: Requeue): Job {
  const row = ctx
    .sql(
      `UPDATE generation_jobs
       SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, next_run_at = @nextRunAt,
           attempts = attempts + @attemptsDelta,
           error_code = coalesce(@errorCode, error_code), error_message = coalesce(@errorMessage, error_message)
       WHERE id = @id
       RETURNING *`,
    )
    .get({ ...requeue, id: job.id }) as JobRow;
  movePending(ctx, job.workspaceId, 1);
  return toJob(row);
}
