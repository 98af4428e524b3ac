import type { JobStatus } from "../../core/domain/job.ts";
import { checkMove } from "../../core/domain/rules/job-moves.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";
import { arrive, depart, positionOf as workspacePosition, readyTotals } from "./ready-queues.ts";

export { queueOf } from "./ready-queues.ts";

type JobDoc = Doc<"generationJobs">;

/**
 * The one place a job changes status. It checks the transition against core/domain's state
 * machine and keeps every counter that lets claim, submit and position avoid scans in the same
 * transaction: the workspace's queue row (model/ready-queues.ts) and the member's
 * queued/running counts. Nothing store-wide is written here.
 */
export async function moveJob(ctx: MutationCtx, job: JobDoc, to: JobStatus, patch: Partial<JobDoc>): Promise<JobDoc> {
  const from = job.status;
  checkMove(job.appId, from, to);
  await ctx.db.patch(job._id, { ...patch, status: to });
  const moved = (await ctx.db.get(job._id))!;
  if (from === to) return moved;

  const member = (await byAppId(ctx, "members", job.memberId))!;
  const counts = { queued: member.queued, running: member.running };
  if (from === "pending") {
    counts.queued -= 1;
    await depart(ctx, job.workspaceId);
  }
  if (from === "processing") counts.running -= 1;
  if (to === "pending") {
    counts.queued += 1;
    await arrive(ctx, job.workspaceId);
  }
  if (to === "processing") counts.running += 1;
  await ctx.db.patch(member._id, counts);
  return moved;
}

/** A job that was just inserted as pending joins its workspace's queue. */
export async function enqueueNew(ctx: MutationCtx, job: JobDoc, member: Doc<"members">): Promise<void> {
  await arrive(ctx, job.workspaceId);
  await ctx.db.patch(member._id, { queued: member.queued + 1 });
}

/** 1-based position while pending: see ready-queues.ts positionOf (within the workspace's queue). */
export async function positionOf(ctx: QueryCtx, job: Pick<JobDoc, "status" | "seq" | "workspaceId">): Promise<number | null> {
  return workspacePosition(ctx, job);
}

/**
 * `enqueued` and `dequeued` summed over the workspaces with work waiting (ready-queues.ts
 * readyTotals): their difference is the queue depth, and the store's watchQueue subscribes to
 * them to learn of new work. Read by queries only.
 */
export async function queueCounters(ctx: QueryCtx): Promise<{ enqueued: number; dequeued: number }> {
  return readyTotals(ctx);
}
