import type { Job } from "../../domain/job.ts";
import type { NewJob } from "../../ports/store.ts";
import { flag } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * Inserts a new pending job and counts it in its workspace's pending_jobs, and answers the job
 * as stored (built here from the insert, not read back: submit is on the ack path, and a
 * re-read with its row mapping and reply-target parse cost more than the rest of the answer)
 * with its queue position. A new job has the highest seq, so its position, the workspace's
 * pending jobs up to and including it (queue-position.ts), is the workspace's pending_jobs
 * after this insert: the UPDATE returns it instead of a count over the queue index.
 */
export function insertJob(ctx: SqliteContext, input: NewJob): { job: Job; position: number } {
  const inputImageKey = input.inputImageKey ?? null;
  const strength = input.strength ?? null;
  const inserted = ctx
    .sql(
      `INSERT INTO generation_jobs (id, workspace_id, user_id, member_id, source, idempotency_key, status, prompt,
         negative_prompt, model, provider, aspect_ratio, count, seed, private, channel_key, parent_job_id, input_image_key, strength,
         credits_charged, max_attempts, next_run_at, reply_target, created_at)
       VALUES (@id, @workspaceId, @userId, @memberId, @source, @idempotencyKey, 'pending', @prompt,
         @negativePrompt, @model, @provider, @aspectRatio, @count, @seed, @private, @channelKey, @parentJobId, @inputImageKey, @strength, @price,
         @maxAttempts, @now, @replyTarget, @now)`,
    )
    .run({
      ...input,
      inputImageKey,
      strength,
      private: flag(input.private),
      replyTarget: input.replyTarget === null ? null : JSON.stringify(input.replyTarget),
    });
  const position = ctx
    .sql("UPDATE workspaces SET pending_jobs = pending_jobs + 1 WHERE id = ? RETURNING pending_jobs")
    .pluck()
    .get(input.workspaceId) as number;
  // The column defaults of generation_jobs (schema-v1.ts) for everything the insert leaves out.
  const job: Job = {
    id: input.id,
    seq: Number(inserted.lastInsertRowid),
    workspaceId: input.workspaceId,
    userId: input.userId,
    memberId: input.memberId,
    source: input.source,
    idempotencyKey: input.idempotencyKey,
    status: "pending",
    prompt: input.prompt,
    negativePrompt: input.negativePrompt,
    model: input.model,
    provider: input.provider,
    aspectRatio: input.aspectRatio,
    count: input.count,
    seed: input.seed,
    private: input.private,
    channelKey: input.channelKey,
    parentJobId: input.parentJobId,
    inputImageKey,
    strength,
    creditsCharged: input.price,
    creditsRefunded: 0,
    attempts: 0,
    maxAttempts: input.maxAttempts,
    leaseOwner: null,
    leaseExpiresAt: null,
    nextRunAt: input.now,
    errorCode: null,
    errorMessage: null,
    replyTarget: input.replyTarget,
    createdAt: input.now,
    startedAt: null,
    finishedAt: null,
    providerMs: null,
    uploadMs: null,
    providerCostUsd: null,
  };
  return { job, position };
}
