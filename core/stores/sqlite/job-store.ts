import type { Job } from "../../domain/job.ts";
import { err, ok } from "../../domain/result.ts";
import type { ClaimOptions, JobStore, NewJob, SubmitLimits } from "../../ports/store.ts";
import { claimJob } from "./claim-job.ts";
import { completeJob } from "./complete-job.ts";
import { endJob } from "./end-job.ts";
import { loadJob, loadLeasedJob } from "./load-job.ts";
import { movePending } from "./move-pending.ts";
import { queueDepth, queuePosition } from "./queue-position.ts";
import { rejections } from "../../domain/rejection-messages.ts";
import { requeueJob } from "./requeue-job.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { submitJob } from "./submit-job.ts";

const QUEUE_TIMEOUT_MESSAGE = "Waited too long in the queue; credits refunded.";

export function createJobStore(ctx: SqliteContext): JobStore {
  const submit = ctx.write((job: NewJob, limits: SubmitLimits) => submitJob(ctx, job, limits));
  const claim = ctx.write((options: ClaimOptions) => claimJob(ctx, options));
  const complete = ctx.write((input: Parameters<JobStore["complete"]>[0]) => completeJob(ctx, input));

  const position = ctx.read((jobId: string) => {
    const job = loadJob(ctx, jobId);
    return job ? queuePosition(ctx, job) : null;
  });
  // One snapshot, so a submit between the two reads cannot skew the difference.
  const depth = ctx.read(() => queueDepth(ctx));

  const fail = ctx.write((input: Parameters<JobStore["fail"]>[0]) => {
    const job = loadLeasedJob(ctx, input.jobId, input.workerId);
    if (!job) return null;
    const error = { errorCode: input.errorCode, errorMessage: input.errorMessage };
    if (input.retryAt !== null) return requeueJob(ctx, job, { ...error, nextRunAt: input.retryAt, attemptsDelta: 0 });
    return endJob(ctx, job, { ...error, status: "failed", now: input.now });
  });

  const release = ctx.write((jobId: string, workerId: string, runAt: number) => {
    const job = loadLeasedJob(ctx, jobId, workerId);
    if (!job) return null;
    return requeueJob(ctx, job, { nextRunAt: runAt, attemptsDelta: -1, errorCode: null, errorMessage: null });
  });

  const cancel = ctx.write((jobId: string, now: number) => {
    const job = loadJob(ctx, jobId);
    if (!job) return err(rejections.unknownJob());
    if (job.status !== "pending") return err(rejections.notCancellable(job.status));
    movePending(ctx, job.workspaceId, -1);
    return ok(endJob(ctx, job, { status: "cancelled", errorCode: null, errorMessage: null, now }));
  });

  const requeueExpired = ctx.write((now: number) => {
    const expired = ctx
      .sql("SELECT id, workspace_id AS workspaceId FROM generation_jobs WHERE status = 'processing' AND lease_expires_at < ?")
      .all(now) as { id: string; workspaceId: string }[];
    return expired.map((job) => requeueJob(ctx, job, { nextRunAt: now, attemptsDelta: 0, errorCode: null, errorMessage: null }));
  });

  const failStale = ctx.write((createdBefore: number, now: number) => {
    const stale = ctx
      .sql("SELECT * FROM generation_jobs WHERE status = 'pending' AND created_at < ? ORDER BY seq")
      .all(createdBefore) as JobRow[];
    return stale.map((row) => {
      movePending(ctx, row.workspace_id, -1);
      return endJob(ctx, toJob(row), { status: "failed", errorCode: "QUEUE_TIMEOUT", errorMessage: QUEUE_TIMEOUT_MESSAGE, now });
    });
  });

  return {
    submit: async (job, limits) => submit(job, limits),
    get: async (id) => loadJob(ctx, id),
    list: async (filter) => listJobs(ctx, filter),
    position: async (jobId) => position(jobId),
    queueDepth: async () => depth(),
    claim: async (options) => claim(options),
    heartbeat: async (jobId, workerId, leaseUntil) =>
      ctx
        .sql("UPDATE generation_jobs SET lease_expires_at = ? WHERE id = ? AND status = 'processing' AND lease_owner = ?")
        .run(leaseUntil, jobId, workerId).changes === 1,
    complete: async (input) => complete(input),
    fail: async (input) => fail(input),
    release: async (jobId, workerId, runAt) => release(jobId, workerId, runAt),
    cancel: async (jobId, now) => cancel(jobId, now),
    requeueExpired: async (now) => requeueExpired(now),
    failStale: async (createdBefore, now) => failStale(createdBefore, now),
    setReplyTarget: async (jobId, target) => {
      ctx.sql("UPDATE generation_jobs SET reply_target = ? WHERE id = ?").run(JSON.stringify(target), jobId);
    },
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
