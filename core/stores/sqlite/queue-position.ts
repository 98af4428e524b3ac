import type { Job } from "../../domain/job.ts";
import { readCounter } from "./counters.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * A pending job's 1-based position: the pending jobs of its own workspace up to and including
 * it (one range of the status index). Fair scheduling serves every workspace with work in turn,
 * so this is the number of rounds until the job runs; it is the same count the Convex store
 * keeps on the workspace's queue row (convex/model/ready-queues.ts), so both stores answer alike.
 */
export function queuePosition(ctx: SqliteContext, job: Pick<Job, "status" | "seq" | "workspaceId">): number | null {
  if (job.status !== "pending") return null;
  return ctx
    .sql("SELECT count(*) FROM generation_jobs WHERE status = 'pending' AND workspace_id = ? AND seq <= ?")
    .pluck()
    .get(job.workspaceId, job.seq) as number;
}

/**
 * Jobs pending store-wide, by the same two numbers: the last seq issued (max of the rowid, one
 * seek to the end of the table, since jobs are never deleted) minus `jobs_dequeued`.
 */
export function queueDepth(ctx: SqliteContext): number {
  const lastSeq = ctx.sql("SELECT coalesce(max(seq), 0) FROM generation_jobs").pluck().get() as number;
  return Math.max(0, lastSeq - readCounter(ctx, "jobs_dequeued"));
}
