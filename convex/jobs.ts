import { v } from "convex/values";
import type { Job } from "../core/domain/job.ts";
import { ok } from "../core/domain/result.ts";
import { releaseInputImage as decideInputRelease } from "../core/domain/rules/input-image.ts";
import { decideCancel, decideFailure, requeueJob } from "../core/domain/rules/job-ending.ts";
import { internal } from "./_generated/api.js";
import { maxQueueAgeMs } from "./constants.ts";
import { claimWindow } from "./model/claim.ts";
import { completeJob } from "./model/complete.ts";
import * as leases from "./model/leases.ts";
import { listJobs } from "./model/listJobs.ts";
import { byAppId } from "./model/lookup.ts";
import { toJob } from "./model/mappers.ts";
import { positionOf, queueCounters as readQueueCounters } from "./model/queue.ts";
import { resyncPolicies } from "./model/ready-queues.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";

/** Where a claim's previous window stopped with nothing runnable (model/claim.ts ClaimResume). */
const vClaimResume = v.object({ lastServedSeq: nullable(v.number()), workspaceId: v.string(), afterSeq: nullable(v.number()) });
import { submitJob } from "./model/submit.ts";
import { nullable, vCompletedImage, vJobStatus, vNewJob, vNsfw, vPerPlan, vProvider, vReplyTarget } from "./model/validators.ts";
import { vJob, vRejection, vResult } from "./model/return-validators.ts";
import { internalMutation } from "./model/actorRevision.ts";

/** The job queue as the bots and workers see it; logic lives in model/. */

export const submit = serviceMutation({
  args: { job: vNewJob, limits: v.object({ maxQueuedPerMember: v.number(), dailyCap: nullable(v.number()) }) },
  returns: vResult(v.object({ job: vJob, position: nullable(v.number()), duplicate: v.boolean() }), vRejection),
  handler: (ctx, { job, limits }) => submitJob(ctx, job, limits),
});

export const get = serviceQuery({
  args: { id: v.string() },
  returns: nullable(vJob),
  handler: async (ctx, { id }) => {
    const job = await byAppId(ctx, "generationJobs", id);
    return job ? toJob(job) : null;
  },
});

export const list = serviceQuery({
  args: { workspaceId: v.string(), userId: v.optional(v.string()), status: v.optional(vJobStatus), limit: v.number() },
  returns: v.array(vJob),
  handler: (ctx, filter) => listJobs(ctx, filter),
});

export const position = serviceQuery({
  args: { id: v.string() },
  returns: nullable(v.number()),
  handler: async (ctx, { id }) => {
    const job = await byAppId(ctx, "generationJobs", id);
    return job ? positionOf(ctx, job) : null;
  },
});

/**
 * The store-wide queue counters, two rows read by index (no scan): their difference is the
 * queue depth, and the store's watchQueue subscribes to them to learn of new work.
 */
export const queueCounters = serviceQuery({
  args: {},
  returns: v.object({ enqueued: v.number(), dequeued: v.number() }),
  handler: (ctx) => readQueueCounters(ctx),
});

export const claim = serviceMutation({
  args: {
    workerId: v.string(),
    now: v.number(),
    leaseMs: v.number(),
    providers: v.array(vProvider),
    maxRunningPerMember: vPerPlan,
    /** Where the previous window stopped with nothing runnable (model/claim.ts); absent on a first call. */
    resume: v.optional(vClaimResume),
  },
  returns: v.object({ job: nullable(vJob), nsfw: nullable(vNsfw), resume: nullable(vClaimResume) }),
  handler: (ctx, { resume, ...args }) => claimWindow(ctx, args, resume ?? null),
});

export const heartbeat = serviceMutation({
  args: { jobId: v.string(), workerId: v.string(), leaseUntil: v.number() },
  returns: v.boolean(),
  handler: (ctx, { jobId, workerId, leaseUntil }) => leases.heartbeat(ctx, jobId, workerId, leaseUntil),
});

export const complete = serviceMutation({
  args: {
    jobId: v.string(),
    workerId: v.string(),
    images: v.array(vCompletedImage),
    providerMs: v.number(),
    uploadMs: v.number(),
    providerCostUsd: nullable(v.number()),
    now: v.number(),
    channelShareToken: v.string(),
  },
  returns: nullable(vJob),
  handler: (ctx, args) => completeJob(ctx, args),
});

export const fail = serviceMutation({
  args: {
    jobId: v.string(),
    workerId: v.string(),
    errorCode: v.string(),
    errorMessage: v.string(),
    retryAt: nullable(v.number()),
    now: v.number(),
  },
  returns: nullable(vJob),
  handler: async (ctx, { jobId, workerId, errorCode, errorMessage, retryAt, now }) => {
    const job = await leases.ownedJob(ctx, jobId, workerId);
    return job ? leases.applyToJob(ctx, jobId, decideFailure(toJob(job), { errorCode, errorMessage, retryAt, now })) : null;
  },
});

export const release = serviceMutation({
  args: { jobId: v.string(), workerId: v.string(), runAt: v.number(), now: v.number() },
  returns: nullable(vJob),
  handler: async (ctx, { jobId, workerId, runAt }) => {
    const job = await leases.ownedJob(ctx, jobId, workerId);
    // Claim counted an attempt that never ran: give it back.
    const effects = job ? requeueJob(toJob(job), { runAt, attemptsDelta: -1, errorCode: null, errorMessage: null }) : null;
    return effects ? leases.applyToJob(ctx, jobId, effects) : null;
  },
});

export const cancel = serviceMutation({
  args: { jobId: v.string(), now: v.number() },
  returns: vResult(vJob, vRejection),
  handler: async (ctx, { jobId, now }) => {
    const job = await byAppId(ctx, "generationJobs", jobId);
    const decided = decideCancel(job ? toJob(job) : null, now);
    return decided.ok ? ok(await leases.applyToJob(ctx, jobId, decided.value)) : decided;
  },
});

/** One bounded batch per transaction; `more` tells the caller to call again. */
const vJobBatch = v.object({ jobs: v.array(vJob), more: v.boolean() });
const batch = (jobs: Job[]) => ({ jobs, more: jobs.length === leases.JANITOR_BATCH });

export const requeueExpired = serviceMutation({
  args: { now: v.number() },
  returns: vJobBatch,
  handler: async (ctx, { now }) => batch(await leases.requeueExpired(ctx, now)),
});

export const failStale = serviceMutation({
  args: { createdBefore: v.number(), now: v.number() },
  returns: vJobBatch,
  handler: async (ctx, { createdBefore, now }) => batch(await leases.failStale(ctx, createdBefore, now)),
});

/** JobStore.setReplyTarget: the job's status as of the write, null (nothing written) for an unknown job. */
export const setReplyTarget = serviceMutation({
  args: { jobId: v.string(), target: vReplyTarget },
  returns: nullable(vJobStatus),
  handler: async (ctx, { jobId, target }) => {
    const job = await byAppId(ctx, "generationJobs", jobId);
    if (!job) return null;
    await ctx.db.patch(job._id, { replyTarget: target });
    return job.status;
  },
});

/** JobStore.releaseInputImage: the job stops naming its deleted input copy and its bytes are released. */
export const releaseInputImage = serviceMutation({
  args: { jobId: v.string(), key: v.string(), now: v.number() },
  returns: nullable(vJob),
  handler: async (ctx, { jobId, key, now }) => {
    const job = await byAppId(ctx, "generationJobs", jobId);
    const effects = decideInputRelease(job ? toJob(job) : null, key, now);
    return effects.length > 0 ? await leases.applyToJob(ctx, jobId, effects) : null;
  },
});

/** Ready queue rows one resync looks at: the workspaces with work waiting, which are few. */
const RESYNC_QUEUE_ROWS = 200;

/**
 * The safety net for edits that ran no trigger (crons.ts): the waiting workspaces' queue rows
 * get their plan and NSFW policy again, in a transaction of its own, because it reads the
 * workspace rows that submits write and may have to retry.
 */
export const resyncQueuePolicies = internalMutation({
  args: {},
  returns: v.number(),
  handler: (ctx) => resyncPolicies(ctx, RESYNC_QUEUE_ROWS),
});

/**
 * The janitor for deployments where no bot process runs one (crons.ts): the same steps as
 * the engine's Janitor, with the maximum queue age from the deployment's environment.
 */
export const janitor = internalMutation({
  args: {},
  returns: v.object({ requeued: v.number(), failed: v.number() }),
  handler: async (ctx): Promise<{ requeued: number; failed: number }> => {
    const now = Date.now();
    const requeued = await leases.requeueExpired(ctx, now);
    const failed = await leases.failStale(ctx, now - maxQueueAgeMs(), now);
    // A full batch means there may be more: carry on in a fresh transaction right away.
    if (requeued.length === leases.JANITOR_BATCH || failed.length === leases.JANITOR_BATCH) {
      await ctx.scheduler.runAfter(0, internal.jobs.janitor, {});
    }
    return { requeued: requeued.length, failed: failed.length };
  },
});
