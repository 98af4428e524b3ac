import type { Job } from "../../core/domain/job.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { decideQueueTimeout, requeueJob } from "../../core/domain/rules/job-ending.ts";
import type { Effect } from "../../core/domain/rules/effects.ts";
import { isLeasedBy } from "../../core/domain/rules/job-moves.ts";
import { applyEffects } from "./applyEffects.ts";

/** How many jobs one janitor mutation moves; callers repeat while a batch comes back full. */
export const JANITOR_BATCH = 64;

/** The job `workerId` holds a lease on, or null: a worker that lost its lease must stop. */
export async function ownedJob(ctx: MutationCtx, jobId: string, workerId: string): Promise<Doc<"generationJobs"> | null> {
  const job = await byAppId(ctx, "generationJobs", jobId);
  return job && isLeasedBy(job, workerId) ? job : null;
}

export async function heartbeat(ctx: MutationCtx, jobId: string, workerId: string, leaseUntil: number): Promise<boolean> {
  const job = await ownedJob(ctx, jobId, workerId);
  if (!job) return false;
  await ctx.db.patch(job._id, { leaseExpiresAt: leaseUntil });
  return true;
}

/** Applies a rule's effects to one job and answers the job as it is now. */
export async function applyToJob(ctx: MutationCtx, jobId: string, effects: readonly Effect[]): Promise<Job> {
  await applyEffects(ctx, effects);
  return toJob((await byAppId(ctx, "generationJobs", jobId))!);
}

/** Processing jobs whose lease ran out go back to pending (their attempt already counted). */
export async function requeueExpired(ctx: MutationCtx, now: number): Promise<Job[]> {
  const expired = await ctx.db
    .query("generationJobs")
    .withIndex("by_status_lease", (q) => q.eq("status", "processing").lt("leaseExpiresAt", now))
    .take(JANITOR_BATCH);
  const moved: Job[] = [];
  for (const job of expired.map(toJob)) {
    moved.push(await applyToJob(ctx, job.id, requeueJob(job, { runAt: now, attemptsDelta: 0, errorCode: null, errorMessage: null })));
  }
  return moved;
}

/** Pending jobs created before `createdBefore` fail with QUEUE_TIMEOUT and a full refund. */
export async function failStale(ctx: MutationCtx, createdBefore: number, now: number): Promise<Job[]> {
  const stale = await ctx.db
    .query("generationJobs")
    .withIndex("by_status_created", (q) => q.eq("status", "pending").lt("createdAt", createdBefore))
    .take(JANITOR_BATCH);
  const failed: Job[] = [];
  for (const job of stale.sort((a, b) => a.seq - b.seq).map(toJob)) failed.push(await applyToJob(ctx, job.id, decideQueueTimeout(job, now)));
  return failed;
}
