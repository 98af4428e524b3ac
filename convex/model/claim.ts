import type { Job } from "../../core/domain/job.ts";
import type { ProviderId } from "../../core/domain/models.ts";
import type { PlanId } from "../../core/domain/plans.ts";
import { nsfwPolicyOf, type NsfwPolicy } from "../../core/domain/workspace.ts";
import { CLAIM_WINDOW, isRunnable, leaseJob } from "../../core/domain/rules/claim.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { queueOf } from "./queue.ts";
import { markServed, runPolicy } from "./ready-queues.ts";

/**
 * How far one claim transaction looks (core/domain/rules/claim.ts CLAIM_WINDOW): the least
 * recently served workspaces with pending work, and the oldest pending jobs in each, read
 * lazily and only until a runnable job turns up. Reads stay under WORKSPACES * (2 + 2 * JOBS)
 * documents however long the queue is, and are a handful when the head of the queue is
 * runnable. When a window holds nothing runnable but the queue goes on, the answer carries a
 * `resume` point and the caller claims again from there in a new transaction, so a claim is
 * null only when nothing is runnable (the same answer as the SQLite store).
 */
export const CLAIM_WORKSPACES = CLAIM_WINDOW.workspaces;
export const CLAIM_JOBS_PER_WORKSPACE = CLAIM_WINDOW.jobsPerWorkspace;

export interface ClaimArgs {
  workerId: string;
  now: number;
  leaseMs: number;
  providers: ProviderId[];
  /** The per-member running cap for each plan (ClaimOptions.maxRunningPerMember, evaluated by the caller). */
  maxRunningPerMember: Record<PlanId, number>;
}

/**
 * Where the next window starts, in by_ready_served order: at this workspace's jobs after
 * `afterSeq`, or (afterSeq null) at the workspace after it.
 */
export interface ClaimResume {
  lastServedSeq: number | null;
  workspaceId: string;
  afterSeq: number | null;
}

type QueueDoc = Doc<"queues">;

/** Leases the next runnable job within one window; null when the window has none. */
export async function claimJob(ctx: MutationCtx, args: ClaimArgs): Promise<Job | null> {
  return (await claimWindow(ctx, args, null)).job;
}

/**
 * One window of the claim: the job leased with its workspace's NSFW policy (LeasedJob), or where
 * to look next (all null: nothing is runnable).
 */
export async function claimWindow(
  ctx: MutationCtx,
  args: ClaimArgs,
  from: ClaimResume | null,
): Promise<{ job: Job | null; nsfw: NsfwPolicy | null; resume: ClaimResume | null }> {
  const none = { job: null, nsfw: null };
  if (args.providers.length === 0) return { ...none, resume: null };
  let looked = 0;
  for await (const queue of queuesFrom(ctx, from)) {
    if (++looked > CLAIM_WORKSPACES) return { ...none, resume: { ...at(queue), afterSeq: -1 } };
    const afterSeq = from && queue.workspaceId === from.workspaceId ? (from.afterSeq ?? -1) : -1;
    const found = await firstRunnableIn(ctx, queue, args, afterSeq);
    if (found.job) {
      await applyEffects(ctx, leaseJob(toJob(found.job), args));
      // Rows from before the copy read the workspace once, and keep its policy from then on.
      const workspace = queue.nsfw === undefined ? await byAppId(ctx, "workspaces", queue.workspaceId) : null;
      await markServed(ctx, (await queueOf(ctx, queue.workspaceId))!, args.now, workspace ? runPolicy(workspace) : {});
      const nsfw = nsfwPolicyOf(queue.nsfw ?? workspace?.settings.nsfw);
      return { job: toJob((await ctx.db.get(found.job._id))!), nsfw, resume: null };
    }
    // More jobs wait in this workspace than one window reads: the next transaction goes on here.
    if (found.deeperAfter !== null) return { ...none, resume: { ...at(queue), afterSeq: found.deeperAfter } };
  }
  return { ...none, resume: null };
}

const at = (queue: QueueDoc) => ({ lastServedSeq: queue.lastServedSeq, workspaceId: queue.workspaceId });

/** Ready queues in by_ready_served order, starting at `from`'s workspace (inclusive when its jobs are not done). */
async function* queuesFrom(ctx: MutationCtx, from: ClaimResume | null): AsyncGenerator<QueueDoc> {
  const ready = () => ctx.db.query("queues");
  if (!from) {
    yield* ready().withIndex("by_ready_served", (q) => q.eq("ready", true));
    return;
  }
  const { lastServedSeq, workspaceId } = from;
  if (from.afterSeq !== null) {
    const same = await queueOf(ctx, workspaceId);
    if (same?.ready && same.lastServedSeq === lastServedSeq) yield same;
  }
  yield* ready().withIndex("by_ready_served", (q) => q.eq("ready", true).eq("lastServedSeq", lastServedSeq).gt("workspaceId", workspaceId));
  yield* ready().withIndex("by_ready_served", (q) => q.eq("ready", true).gt("lastServedSeq", lastServedSeq));
}

async function firstRunnableIn(
  ctx: MutationCtx,
  queue: QueueDoc,
  args: ClaimArgs,
  afterSeq: number,
): Promise<{ job: Doc<"generationJobs"> | null; deeperAfter: number | null }> {
  // The queue row carries the plan (ready-queues.ts arrive), so claim does not read the workspace
  // row that submits and completions write; rows from before it read the workspace.
  const plan = queue.plan ?? (await byAppId(ctx, "workspaces", queue.workspaceId))?.plan;
  if (!plan) return { job: null, deeperAfter: null };
  const rules = { now: args.now, providers: args.providers, cap: args.maxRunningPerMember[plan] };
  const pending = ctx.db
    .query("generationJobs")
    .withIndex("by_workspace_status_seq", (q) => q.eq("workspaceId", queue.workspaceId).eq("status", "pending").gt("seq", afterSeq));
  const running = new Map<string, number>();
  let looked = 0;
  let lastSeq = afterSeq;
  for await (const job of pending) {
    if (++looked > CLAIM_JOBS_PER_WORKSPACE) return { job: null, deeperAfter: lastSeq };
    lastSeq = job.seq;
    // The member's running count is read only for jobs otherwise runnable, once per member.
    if (!isRunnable(job, 0, rules)) continue;
    if (!running.has(job.memberId)) running.set(job.memberId, (await byAppId(ctx, "members", job.memberId))?.running ?? 0);
    if (isRunnable(job, running.get(job.memberId)!, rules)) return { job, deeperAfter: null };
  }
  return { job: null, deeperAfter: null };
}
