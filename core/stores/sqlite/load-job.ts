import type { Job } from "../../domain/job.ts";
import { isLeasedBy } from "../../domain/rules/job-moves.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export function loadJob(ctx: SqliteContext, id: string): Job | null {
  const row = ctx.sql("SELECT * FROM generation_jobs WHERE id = ?").get(id) as JobRow | undefined;
  return row ? toJob(row) : null;
}

/** The job when `workerId` holds its lease; a worker that lost it must change nothing. */
export function loadLeasedJob(ctx: SqliteContext, id: string, workerId: string): Job | null {
  const job = loadJob(ctx, id);
  return job && isLeasedBy(job, workerId) ? job : null;
}
