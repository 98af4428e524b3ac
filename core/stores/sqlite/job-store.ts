import type { Job, JobStatus } from "../../domain/job.ts";
import { ok } from "../../domain/result.ts";
import type { ClaimOptions, ClaimSlots, JobStore, NewJob, SubmitLimits } from "../../ports/store.ts";
import { claimJob } from "./claim-job.ts";
import { claimJobs } from "./claim-jobs.ts";
import { completeJob } from "./complete-job.ts";
import { loadJob, loadLeasedJob } from "./load-job.ts";
import { queueDepth, queuePosition } from "./queue-position.ts";
import { applyEffects } from "./apply-effects.ts";
import { decideCancel, decideFailure, decideQueueTimeout, requeueJob } from "../../domain/rules/job-ending.ts";
import type { Effect } from "../../domain/rules/effects.ts";
import { releaseInputImage } from "../../domain/rules/input-image.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { submitJob } from "./submit-job.ts";

export function createJobStore(ctx: SqliteContext): JobStore {
  // Submits and completions come from many concurrent callers: they share group commits.
  const submit = ctx.batched((job: NewJob, limits: SubmitLimits) => submitJob(ctx, job, limits));
  const claim = ctx.write((options: ClaimOptions) => claimJob(ctx, options));
  // A batched claim also joins the group commit: it shares a COMMIT with the submits and
  // completions of the same event-loop turn.
  const claimMany = ctx.batched((options: ClaimOptions, slots: ClaimSlots, limit: number) => claimJobs(ctx, options, slots, limit));
  const complete = ctx.batched((input: Parameters<JobStore["complete"]>[0]) => completeJob(ctx, input));

  // Recorded right after each posted job message (Slack's ts): one per request on the ack path,
  // so it shares the group commit rather than paying a commit of its own.
  const setReplyTarget = ctx.batched(
    (jobId: string, target: string) =>
      (ctx.sql("UPDATE generation_jobs SET reply_target = ? WHERE id = ? RETURNING status").get(target, jobId) as { status: JobStatus } | undefined)?.status ??
      null,
  );

  const position = ctx.read((jobId: string) => {
    const job = loadJob(ctx, jobId);
    return job ? queuePosition(ctx, job) : null;
  });
  // One snapshot, so a submit between the two reads cannot skew the difference.
  const depth = ctx.read(() => queueDepth(ctx));

  /** Applies a rule's effects to one job and answers the job as it is now. */
  const apply = (jobId: string, effects: readonly Effect[]): Job => {
    applyEffects(ctx, effects);
    return loadJob(ctx, jobId)!;
  };

  const fail = ctx.batched((input: Parameters<JobStore["fail"]>[0]) => {
    const job = loadLeasedJob(ctx, input.jobId, input.workerId);
    return job ? apply(job.id, decideFailure(job, input)) : null;
  });

  const release = ctx.write((jobId: string, workerId: string, runAt: number) => {
    const job = loadLeasedJob(ctx, jobId, workerId);
    // Claim counted an attempt that never ran: give it back.
    return job ? apply(job.id, requeueJob(job, { runAt, attemptsDelta: -1, errorCode: null, errorMessage: null })) : null;
  });

  const cancel = ctx.write((jobId: string, now: number) => {
    const decided = decideCancel(loadJob(ctx, jobId), now);
    return decided.ok ? ok(apply(jobId, decided.value)) : decided;
  });

  const dropInput = ctx.write((jobId: string, key: string, now: number) => {
    const effects = releaseInputImage(loadJob(ctx, jobId), key, now);
    return effects.length > 0 ? apply(jobId, effects) : null;
  });

  const requeueExpired = ctx.write((now: number) => {
    const expired = ctx.sql("SELECT * FROM generation_jobs WHERE status = 'processing' AND lease_expires_at < ?").all(now) as JobRow[];
    return expired.map(toJob).map((job) => apply(job.id, requeueJob(job, { runAt: now, attemptsDelta: 0, errorCode: null, errorMessage: null })));
  });

  const failStale = ctx.write((createdBefore: number, now: number) => {
    const stale = ctx
      .sql("SELECT * FROM generation_jobs WHERE status = 'pending' AND created_at < ? ORDER BY seq")
      .all(createdBefore) as JobRow[];
    return stale.map(toJob).map((job) => apply(job.id, decideQueueTimeout(job, now)));
  });

  return {
    submit: (job, limits) => submit(job, limits),
    get: async (id) => loadJob(ctx, id),
    list: async (filter) => listJobs(ctx, filter),
    position: async (jobId) => position(jobId),
    queueDepth: async () => depth(),
    claim: async (options) => claim(options),
    claimMany: (options, slots, limit) => claimMany(options, slots, limit),
    heartbeat: async (jobId, workerId, leaseUntil) =>
      ctx
        .sql("UPDATE generation_jobs SET lease_expires_at = ? WHERE id = ? AND status = 'processing' AND lease_owner = ?")
        .run(leaseUntil, jobId, workerId).changes === 1,
    complete: (input) => complete(input),
    fail: (input) => fail(input),
    release: async (jobId, workerId, runAt) => release(jobId, workerId, runAt),
    cancel: async (jobId, now) => cancel(jobId, now),
    requeueExpired: async (now) => requeueExpired(now),
    failStale: async (createdBefore, now) => failStale(createdBefore, now),
    setReplyTarget: (jobId, target) => setReplyTarget(jobId, JSON.stringify(target)),
    releaseInputImage: async (jobId, key, now) => dropInput(jobId, key, now),
  };
}

function listJobs(ctx: SqliteContext, filter: Parameters<JobStore["list"]>[0]): Job[] {
  const conditions = ["workspace_id = @workspaceId"];
  if (filter.userId !== undefined) conditions.push("user_id = @userId");
  if (filter.status !== undefined) conditions.push("status = @status");
  const rows = ctx
    .sql(`SELECT * FROM generation_jobs WHERE ${conditions.join(" AND ")} ORDER BY seq DESC LIMIT @limit`)
    .all(filter) as JobRow[];
  return rows.map(toJob);
}
