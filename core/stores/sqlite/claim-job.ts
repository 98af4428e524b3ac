import type { Job } from "../../domain/job.ts";
import type { PlanId } from "../../domain/plans.ts";
import { CLAIM_WINDOW, firstRunnable, leaseJob } from "../../domain/rules/claim.ts";
import type { ClaimOptions } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import { bumpCounter } from "./counters.ts";
import { loadJob } from "./load-job.ts";
import type { SqliteContext } from "./sqlite-context.ts";

interface Candidate {
  id: string;
  seq: number;
  memberId: string;
  provider: Job["provider"];
  nextRunAt: number;
}

/**
 * jobs.claim's body (one IMMEDIATE transaction); the choice is core/domain/rules/claim.ts.
 * Candidates are read a window at a time along workspaces_by_turn and generation_jobs_active,
 * so the common case (the head of the queue is runnable) reads one workspace, its running
 * counts and one page of jobs, and a queue full of blocked jobs is paged through to the end.
 * Fairness: each claim stamps the workspace with a store-wide round number rather than the
 * time, so ties cannot happen and "least recently served" is exact.
 */
export function claimJob(ctx: SqliteContext, options: ClaimOptions): Job | null {
  if (options.providers.length === 0) return null;
  for (let offset = 0; ; offset += CLAIM_WINDOW.workspaces) {
    const workspaces = ctx
      .sql("SELECT id, plan FROM workspaces WHERE pending_jobs > 0 ORDER BY last_served_seq, id LIMIT ? OFFSET ?")
      .all(CLAIM_WINDOW.workspaces, offset) as { id: string; plan: PlanId }[];
    for (const workspace of workspaces) {
      const job = runnableIn(ctx, workspace, options);
      if (!job) continue;
      applyEffects(ctx, leaseJob(loadJob(ctx, job.id)!, options));
      ctx.sql("UPDATE workspaces SET last_served_seq = ? WHERE id = ?").run(bumpCounter(ctx, "workspaces_served", 1), workspace.id);
      return loadJob(ctx, job.id);
    }
    if (workspaces.length < CLAIM_WINDOW.workspaces) return null;
  }
}

function runnableIn(ctx: SqliteContext, workspace: { id: string; plan: PlanId }, options: ClaimOptions): Candidate | null {
  const running = new Map(
    ctx
      .sql("SELECT member_id, count(*) FROM generation_jobs WHERE status = 'processing' AND workspace_id = ? GROUP BY member_id")
      .raw()
      .all(workspace.id) as [string, number][],
  );
  const rules = { now: options.now, providers: options.providers, cap: options.maxRunningPerMember(workspace.plan) };
  for (let afterSeq = -1; ; ) {
    const jobs = ctx
      .sql(
        `SELECT id, seq, member_id AS memberId, provider, next_run_at AS nextRunAt FROM generation_jobs
         WHERE status = 'pending' AND workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
      )
      .all(workspace.id, afterSeq, CLAIM_WINDOW.jobsPerWorkspace) as Candidate[];
    const found = firstRunnable(jobs, (memberId) => running.get(memberId) ?? 0, rules);
    if (found || jobs.length < CLAIM_WINDOW.jobsPerWorkspace) return found;
    afterSeq = jobs[jobs.length - 1]!.seq;
  }
}
