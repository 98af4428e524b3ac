import { bumpCounter } from "./counters.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * Keeps the queue tallies in step when a job leaves pending (-1: claim, cancel, failStale) or
 * returns to it (+1: retry, release, expired lease): the workspace's pending_jobs (claim's
 * candidates) and the store-wide jobs_dequeued (queue positions). Submit counts new jobs itself.
 */
export function movePending(ctx: SqliteContext, workspaceId: string, delta: 1 | -1): void {
  ctx.sql("UPDATE workspaces SET pending_jobs = pending_jobs + ? WHERE id = ?").run(delta, workspaceId);
  bumpCounter(ctx, "jobs_dequeued", -delta);
}
