import type { PlanId } from "../../domain/plans.ts";
import { nsfwPolicyOf, type NsfwPolicy } from "../../domain/workspace.ts";
import { leaseJob, planClaims, servedRounds, type ClaimCandidate, type ClaimQueue } from "../../domain/rules/claim.ts";
import type { ClaimOptions, ClaimSlots, LeasedJob } from "../../ports/store.ts";
import { applyMoveReturning } from "./apply-effects.ts";
import { countLeases } from "./counters.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * jobs.claimMany's body (one transaction): core/domain/rules/claim.ts plans the leases (the same
 * jobs, in the same order, as that many single claims), then each is written by one UPDATE that
 * returns the leased row, and the tallies once for the batch: jobs_dequeued and
 * workspaces_served by the number leased (one statement), each served workspace's pending_jobs by its count and
 * its last_served_seq to its last round. Nothing here writes before the plan is complete, so
 * the plan reads one unchanging queue. Each leased job comes with its workspace's NSFW policy,
 * read once per workspace in this transaction.
 */
export function claimJobs(ctx: SqliteContext, options: ClaimOptions, slots: ClaimSlots, limit: number): LeasedJob[] {
  const leased = planClaims(claimQueue(ctx), { now: options.now, slots, limit, cap: options.maxRunningPerMember });
  if (leased.length === 0) return [];
  const jobs = leased.map((job) => applyMoveReturning(ctx, leaseJob(job, options)));

  const lastRound = countLeases(ctx, leased.length);
  const taken = new Map<string, number>();
  for (const job of leased) taken.set(job.workspaceId, (taken.get(job.workspaceId) ?? 0) + 1);
  const served = ctx.sql("UPDATE workspaces SET last_served_seq = ?, pending_jobs = pending_jobs - ? WHERE id = ?");
  for (const [workspaceId, round] of servedRounds(leased, lastRound - leased.length + 1)) {
    served.run(round, taken.get(workspaceId)!, workspaceId);
  }
  const nsfwOf = new Map([...taken.keys()].map((workspaceId) => [workspaceId, nsfwPolicy(ctx, workspaceId)]));
  return jobs.map((job) => ({ job, nsfw: nsfwOf.get(job.workspaceId)! }));
}

/**
 * Fails closed (nsfwPolicyOf). A settings value that is not JSON (a hand-edited database) must
 * not throw here, where it would roll back every claim in the store.
 */
function nsfwPolicy(ctx: SqliteContext, workspaceId: string): NsfwPolicy {
  return nsfwPolicyOf(
    ctx.sql("SELECT CASE WHEN json_valid(settings) THEN json_extract(settings, '$.nsfw') END FROM workspaces WHERE id = ?").pluck().get(workspaceId),
  );
}

/** The queue as planClaims reads it, along workspaces_by_turn and generation_jobs_active. */
function claimQueue(ctx: SqliteContext): ClaimQueue<ClaimCandidate> {
  return {
    workspaces: (offset, limit) =>
      ctx
        .sql(
          `SELECT id, plan, pending_jobs AS pendingJobs FROM workspaces WHERE pending_jobs > 0
           ORDER BY last_served_seq, id LIMIT ? OFFSET ?`,
        )
        .all(limit, offset) as { id: string; plan: PlanId; pendingJobs: number }[],
    running: (workspaceId) =>
      ctx
        .sql("SELECT member_id, count(*) FROM generation_jobs WHERE status = 'processing' AND workspace_id = ? GROUP BY member_id")
        .raw()
        .all(workspaceId) as [string, number][],
    pending: (workspaceId, afterSeq, limit) =>
      ctx
        .sql(
          `SELECT id, seq, workspace_id AS workspaceId, member_id AS memberId, status, provider, next_run_at AS nextRunAt,
             attempts, started_at AS startedAt
           FROM generation_jobs WHERE status = 'pending' AND workspace_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
        )
        .all(workspaceId, afterSeq, limit) as ClaimCandidate[],
  };
}
