import type { Job } from "../../domain/job.ts";
import { PLAN_IDS } from "../../domain/plans.ts";
import type { ClaimOptions } from "../../ports/store.ts";
import { bumpCounter } from "./counters.ts";
import { leaseJob } from "../../domain/rules/claim.ts";
import { applyEffects } from "./apply-effects.ts";
import { loadJob } from "./load-job.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * The next job to run, in one statement. Workspaces with pending jobs are visited least recently
 * served (or never served) first, along workspaces_by_turn; for each, the oldest runnable job
 * (FIFO along generation_jobs_by_status) whose member is under the plan's running cap. Members
 * at their cap come from the workspace's few processing jobs; their pending jobs (at most
 * maxQueuedPerMember each) are stepped over in the index. LIMIT 1 stops at the first workspace
 * that has a runnable job, so the cost grows with what is skipped, not with the queue's length.
 * The inner LIMIT -1 (no limit) keeps SQLite from flattening the subquery, which would run the
 * per-workspace search twice for the workspace that wins.
 */
const NEXT_JOB = `
  SELECT workspace_id AS workspaceId, job_id AS jobId FROM (
    SELECT workspaces.id AS workspace_id, (
      SELECT jobs.id FROM generation_jobs AS jobs
      WHERE jobs.status = 'pending' AND jobs.workspace_id = workspaces.id AND jobs.next_run_at <= @now
        AND jobs.provider IN (SELECT value FROM json_each(@providers))
        AND jobs.member_id NOT IN (
          SELECT running.member_id FROM generation_jobs AS running
          WHERE running.status = 'processing' AND running.workspace_id = workspaces.id
          GROUP BY running.member_id HAVING count(*) >= json_extract(@caps, '$.' || workspaces.plan))
      ORDER BY jobs.seq LIMIT 1) AS job_id
    FROM workspaces WHERE workspaces.pending_jobs > 0
    ORDER BY workspaces.last_served_seq, workspaces.id LIMIT -1)
  WHERE job_id IS NOT NULL LIMIT 1`;

/**
 * jobs.claim's body (one IMMEDIATE transaction). Fairness: each claim stamps the workspace with
 * a store-wide round number rather than the time, so ties cannot happen (several claims in one
 * millisecond, or processes whose clocks differ) and "least recently served" is exact.
 */
export function claimJob(ctx: SqliteContext, options: ClaimOptions): Job | null {
  const caps = Object.fromEntries(PLAN_IDS.map((plan) => [plan, options.maxRunningPerMember(plan)]));
  const next = ctx.sql(NEXT_JOB).get({
    now: options.now,
    providers: JSON.stringify(options.providers),
    caps: JSON.stringify(caps),
  }) as { workspaceId: string; jobId: string } | undefined;
  if (!next) return null;
  applyEffects(ctx, leaseJob(loadJob(ctx, next.jobId)!, options));
  ctx.sql("UPDATE workspaces SET last_served_seq = ? WHERE id = ?").run(bumpCounter(ctx, "workspaces_served", 1), next.workspaceId);
  return loadJob(ctx, next.jobId);
}
