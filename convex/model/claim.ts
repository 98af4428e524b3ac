import type { Job } from "../../core/domain/job.ts";
import type { ProviderId } from "../../core/domain/models.ts";
import type { PlanId } from "../../core/domain/plans.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { moveJob, queueOf } from "./queue.ts";
import { markServed } from "./ready-queues.ts";

/**
 * How far one claim looks: the least recently served workspaces with pending work, and the
 * oldest pending jobs in each, read lazily and only until a runnable job turns up. Reads stay
 * under WORKSPACES * (2 + 2 * JOBS) documents however long the queue is, and are a handful
 * when the head of the queue is runnable. A job deeper than JOBS in its workspace waits until
 * those ahead of it run or become runnable; that only happens when more than JOBS jobs there
 * are all backing off, for providers this worker lacks, or for members at their running cap.
 */
export const CLAIM_WORKSPACES = 8;
export const CLAIM_JOBS_PER_WORKSPACE = 16;

export interface ClaimArgs {
  workerId: string;
  now: number;
  leaseMs: number;
  providers: ProviderId[];
  /** The per-member running cap for each plan (ClaimOptions.maxRunningPerMember, evaluated by the caller). */
  maxRunningPerMember: Record<PlanId, number>;
}

/** Leases the next runnable job, fairly across workspaces, FIFO within one; null when none. */
export async function claimJob(ctx: MutationCtx, args: ClaimArgs): Promise<Job | null> {
  if (args.providers.length === 0) return null;
  let looked = 0;
  for await (const queue of ctx.db.query("queues").withIndex("by_ready_served", (q) => q.eq("ready", true))) {
    if (++looked > CLAIM_WORKSPACES) break;
    const job = await firstRunnable(ctx, queue, args);
    if (!job) continue;
    const claimed = await moveJob(ctx, job, "processing", {
      attempts: job.attempts + 1,
      leaseOwner: args.workerId,
      leaseExpiresAt: args.now + args.leaseMs,
      startedAt: job.startedAt ?? args.now,
    });
    await markServed(ctx, (await queueOf(ctx, queue.workspaceId))!, args.now);
    return toJob(claimed);
  }
  return null;
}

async function firstRunnable(ctx: MutationCtx, queue: Doc<"queues">, args: ClaimArgs): Promise<Doc<"generationJobs"> | null> {
  // The queue row carries the plan (ready-queues.ts arrive); rows from before it read the workspace.
  const plan = queue.plan ?? (await byAppId(ctx, "workspaces", queue.workspaceId))?.plan;
  if (!plan) return null;
  const cap = args.maxRunningPerMember[plan];
  const pending = ctx.db
    .query("generationJobs")
    .withIndex("by_workspace_status_seq", (q) => q.eq("workspaceId", queue.workspaceId).eq("status", "pending"));
  const running = new Map<string, number>();
  let looked = 0;
  for await (const job of pending) {
    if (++looked > CLAIM_JOBS_PER_WORKSPACE) break;
    if (job.nextRunAt > args.now || !args.providers.includes(job.provider)) continue;
    if (!running.has(job.memberId)) running.set(job.memberId, (await byAppId(ctx, "members", job.memberId))?.running ?? 0);
    if (running.get(job.memberId)! < cap) return job;
  }
  return null;
}
