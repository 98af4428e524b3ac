import type { JobStatus } from "../../core/domain/job.ts";
import { checkMove } from "../../core/domain/rules/job-moves.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { bumpCounter, readCounter } from "./counters.ts";
import { byAppId } from "./lookup.ts";

type JobDoc = Doc<"generationJobs">;

export async function queueOf(ctx: QueryCtx, workspaceId: string): Promise<Doc<"queues"> | null> {
  return ctx.db
    .query("queues")
    .withIndex("by_workspace", (q) => q.eq("workspaceId", workspaceId))
    .unique();
}

async function enterQueue(ctx: MutationCtx, workspaceId: string): Promise<void> {
  const queue = await queueOf(ctx, workspaceId);
  if (queue) await ctx.db.patch(queue._id, { pending: queue.pending + 1, ready: true });
  else await ctx.db.insert("queues", { workspaceId, pending: 1, ready: true, lastServedSeq: null });
}

async function leaveQueue(ctx: MutationCtx, workspaceId: string): Promise<void> {
  const queue = (await queueOf(ctx, workspaceId))!;
  await ctx.db.patch(queue._id, { pending: queue.pending - 1, ready: queue.pending > 1 });
}

/**
 * The one place a job changes status. It checks the transition against core/domain's state
 * machine and keeps every counter that lets claim, submit and position avoid scans in the same
 * transaction: the workspace queue record, the member's queued/running counts and the
 * store-wide dequeued count.
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
    await leaveQueue(ctx, job.workspaceId);
    await bumpCounter(ctx, "jobsDequeued", 1);
  }
  if (from === "processing") counts.running -= 1;
  if (to === "pending") {
    counts.queued += 1;
    await enterQueue(ctx, job.workspaceId);
    await bumpCounter(ctx, "jobsDequeued", -1);
  }
  if (to === "processing") counts.running += 1;
  await ctx.db.patch(member._id, counts);
  return moved;
}

/** A job that was just inserted as pending joins its workspace's queue. */
export async function enqueueNew(ctx: MutationCtx, job: JobDoc, member: Doc<"members">): Promise<void> {
  await enterQueue(ctx, job.workspaceId);
  await ctx.db.patch(member._id, { queued: member.queued + 1 });
}

/**
 * 1-based position from two counters instead of a scan (the SQLite store's formula): every
 * job ever enqueued minus those that left is the pending count, exact at submit time under
 * FIFO and an estimate afterwards, when fair scheduling serves another workspace first.
 */
export async function positionOf(ctx: QueryCtx, job: Pick<JobDoc, "status" | "seq">): Promise<number | null> {
  if (job.status !== "pending") return null;
  return Math.max(1, job.seq - (await readCounter(ctx, "jobsDequeued")));
}

/**
 * The two store-wide queue counters: `enqueued` (the last seq issued) rises with every submit,
 * `dequeued` rises when a job leaves pending and falls when one is put back. Their difference
 * is the queue depth; watchers learn of new work from `enqueued` rising or `dequeued` falling.
 */
export async function queueCounters(ctx: QueryCtx): Promise<{ enqueued: number; dequeued: number }> {
  const [enqueued, dequeued] = await Promise.all([readCounter(ctx, "jobsEnqueued"), readCounter(ctx, "jobsDequeued")]);
  return { enqueued, dequeued };
}
