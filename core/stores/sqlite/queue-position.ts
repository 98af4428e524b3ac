import type { Job } from "../../domain/job.ts";
import { readCounter } from "./counters.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * A pending job's 1-based position, from two numbers instead of a scan of the queue: the last
 * seq issued counts every job ever enqueued and `jobs_dequeued` those that left pending (net of
 * jobs put back), so their difference is the number of pending jobs. When a job is submitted
 * its seq is the last one issued, which makes `seq - dequeued` exact at that moment.
 * Afterwards it is an estimate: a newer job leaving first (another workspace served by fair
 * scheduling, a cancel) lowers it a little early, and a retried job coming back raises it.
 */
export function queuePosition(ctx: SqliteContext, job: Pick<Job, "status" | "seq">): number | null {
  if (job.status !== "pending") return null;
  return Math.max(1, job.seq - readCounter(ctx, "jobs_dequeued"));
}

/**
 * Jobs pending store-wide, by the same two numbers: the last seq issued (max of the rowid, one
 * seek to the end of the table, since jobs are never deleted) minus `jobs_dequeued`.
 */
export function queueDepth(ctx: SqliteContext): number {
  const lastSeq = ctx.sql("SELECT coalesce(max(seq), 0) FROM generation_jobs").pluck().get() as number;
  return Math.max(0, lastSeq - readCounter(ctx, "jobs_dequeued"));
}
