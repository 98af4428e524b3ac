import type { PlanId } from "../../core/domain/plans.ts";
import type { NsfwPolicy } from "../../core/domain/workspace.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";

type QueueDoc = Doc<"queues">;

/**
 * Per-workspace queue state, so that no document is written by every submit or every claim
 * (issue 18). Everything a submit needs (the job's seq, its position) and everything a claim
 * writes (the served marker) lives on the workspace's own `queues` row; store-wide figures
 * (depth, the new-work signal) are sums over the rows of workspaces with work waiting, read by
 * queries only, which never conflict. Submits in different workspaces therefore share no
 * document; a claim shares the head of the ready range with other claims and with submits
 * into the workspaces it looked at.
 */

export async function queueOf(ctx: QueryCtx, workspaceId: string): Promise<QueueDoc | null> {
  return ctx.db
    .query("queues")
    .withIndex("by_workspace", (q) => q.eq("workspaceId", workspaceId))
    .unique();
}

/**
 * The row, created or brought up to date first. Rows written before issue 18 have no lastSeq
 * (seqs were store-wide then): the workspace's highest job seq continues them, so FIFO order
 * within the workspace holds across the upgrade.
 */
async function ensureQueue(ctx: MutationCtx, workspaceId: string): Promise<QueueDoc> {
  const queue = await queueOf(ctx, workspaceId);
  if (queue && queue.lastSeq !== undefined) return queue;
  const newest = await ctx.db
    .query("generationJobs")
    .withIndex("by_workspace_seq", (q) => q.eq("workspaceId", workspaceId))
    .order("desc")
    .first();
  const lastSeq = newest?.seq ?? 0;
  if (queue) {
    await ctx.db.patch(queue._id, { lastSeq });
    return { ...queue, lastSeq };
  }
  const id = await ctx.db.insert("queues", { workspaceId, pending: 0, ready: false, lastServedSeq: null, lastSeq });
  return (await ctx.db.get(id))!;
}

/** The seq of a job being submitted: the next one in its workspace (FIFO order within it). */
export async function nextSeq(ctx: MutationCtx, workspaceId: string): Promise<number> {
  const queue = await ensureQueue(ctx, workspaceId);
  const seq = queue.lastSeq! + 1;
  await ctx.db.patch(queue._id, { lastSeq: seq });
  return seq;
}

/** An imported job keeps its seq; the workspace's next one follows it. */
export async function noteSeq(ctx: MutationCtx, workspaceId: string, seq: number): Promise<void> {
  const queue = await ensureQueue(ctx, workspaceId);
  if (seq > queue.lastSeq!) await ctx.db.patch(queue._id, { lastSeq: seq });
}

/**
 * A job enters pending (submitted or put back). The plan and the NSFW policy are copied from the
 * workspace so that claim needs no read of the workspace row, which completions and submits
 * write (a later change of either is copied by model/actorRevision.ts's workspace trigger).
 */
export async function arrive(ctx: MutationCtx, workspaceId: string): Promise<void> {
  const queue = await ensureQueue(ctx, workspaceId);
  const workspace = await byAppId(ctx, "workspaces", workspaceId);
  await ctx.db.patch(queue._id, { pending: queue.pending + 1, ready: true, ...(workspace ? runPolicy(workspace) : {}) });
}

type RunPolicy = { plan?: PlanId; nsfw?: NsfwPolicy };

/** What a queue row copies from its workspace for claim. */
export function runPolicy(workspace: Doc<"workspaces">): Required<RunPolicy> {
  return { plan: workspace.plan, nsfw: workspace.settings.nsfw };
}

export function samePolicy(a: RunPolicy, b: RunPolicy): boolean {
  return a.plan === b.plan && a.nsfw === b.nsfw;
}

/**
 * Re-copies the plan and NSFW policy onto the rows of workspaces with work waiting, up to
 * `limit` rows: the workspace trigger copies every change a mutation makes, but an edit made
 * outside mutations (the dashboard, `npx convex import`) runs no trigger. Returns the rows fixed.
 */
export async function resyncPolicies(ctx: MutationCtx, limit: number): Promise<number> {
  let looked = 0;
  let fixed = 0;
  for await (const queue of ctx.db.query("queues").withIndex("by_ready_served", (q) => q.eq("ready", true))) {
    if (++looked > limit) break;
    const workspace = await byAppId(ctx, "workspaces", queue.workspaceId);
    if (!workspace) continue;
    const policy = runPolicy(workspace);
    if (samePolicy(queue, policy)) continue;
    await ctx.db.patch(queue._id, policy);
    fixed += 1;
  }
  return fixed;
}

/** A job leaves pending (claimed, cancelled, failed stale). */
export async function depart(ctx: MutationCtx, workspaceId: string): Promise<void> {
  const queue = (await queueOf(ctx, workspaceId))!;
  await ctx.db.patch(queue._id, { pending: queue.pending - 1, ready: queue.pending > 1 });
}

/**
 * Sends a just-served workspace towards the back of the ready range: its marker becomes the
 * claim's clock time, or one past its own previous marker when it is served again within the
 * same millisecond (so workspaces served in one burst still take turns, ties by id). This
 * replaces the store-wide round counter every claim used to write, and reads nothing more.
 * `also`: fields the claim settles on the row in the same write (a policy copy it had to read).
 */
export async function markServed(ctx: MutationCtx, queue: QueueDoc, now: number, also: Partial<QueueDoc> = {}): Promise<void> {
  const marker = Math.max(now, (queue.lastServedSeq ?? 0) + 1);
  await ctx.db.patch(queue._id, { ...also, lastServedSeq: marker });
}

/**
 * 1-based position of a pending job: the jobs ahead of it in its own workspace's queue (those
 * pending, less the ones submitted after it). Fair scheduling serves every workspace with work
 * in turn, so this is the number of rounds until the job runs; other workspaces' jobs in those
 * rounds are not counted (that would need a read of every workspace's row, and submit would
 * then conflict with every submit). Exact at submit time within the workspace; afterwards an
 * estimate in the same ways as before (a cancel or a retry put back moves it).
 */
export async function positionOf(ctx: QueryCtx, job: Pick<Doc<"generationJobs">, "status" | "seq" | "workspaceId">): Promise<number | null> {
  if (job.status !== "pending") return null;
  const queue = await queueOf(ctx, job.workspaceId);
  if (!queue) return 1;
  const behind = (queue.lastSeq ?? job.seq) - job.seq;
  return Math.max(1, queue.pending - behind);
}

/**
 * Store-wide figures for queries only (depth, the new-work watch): sums over the rows of
 * workspaces with work waiting, so their cost grows with the number of such workspaces, not
 * with jobs. `enqueued - dequeued` is the number of pending jobs.
 */
export async function readyTotals(ctx: QueryCtx): Promise<{ enqueued: number; dequeued: number }> {
  let enqueued = 0;
  let pending = 0;
  for await (const queue of ctx.db.query("queues").withIndex("by_ready_served", (q) => q.eq("ready", true))) {
    const last = queue.lastSeq ?? queue.pending;
    enqueued += last;
    pending += queue.pending;
  }
  return { enqueued, dequeued: enqueued - pending };
}
