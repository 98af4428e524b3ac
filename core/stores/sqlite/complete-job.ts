import { refundFor } from "../../domain/credits.ts";
import type { Job } from "../../domain/job.ts";
import { utcDay } from "../../domain/usage.ts";
import type { JobStore } from "../../ports/store.ts";
import { bumpUsage } from "./bump-usage.ts";
import { ensureChannelCollection } from "./channel-collection.ts";
import { loadLeasedJob } from "./load-job.ts";
import { refundJob } from "./refund-job.ts";
import { flag, toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

type CompleteInput = Parameters<JobStore["complete"]>[0];

/** jobs.complete's body (one IMMEDIATE transaction). */
export function completeJob(ctx: SqliteContext, input: CompleteInput): Job | null {
  const job = loadLeasedJob(ctx, input.jobId, input.workerId);
  if (!job) return null;

  const insert = ctx.sql(
    `INSERT INTO images (id, job_id, workspace_id, user_id, idx, storage_key, url, content_type, width, height, bytes,
       prompt, model, seed, aspect_ratio, private, created_at)
     VALUES (@id, @jobId, @workspaceId, @userId, @index, @storageKey, @url, @contentType, @width, @height, @bytes,
       @prompt, @model, @seed, @aspectRatio, @private, @now)`,
  );
  const fromJob = {
    jobId: job.id,
    workspaceId: job.workspaceId,
    userId: job.userId,
    prompt: job.prompt,
    model: job.model,
    seed: job.seed,
    aspectRatio: job.aspectRatio,
    private: flag(job.private),
    now: input.now,
  };
  for (const image of input.images) insert.run({ ...image, ...fromJob });
  if (job.channelKey !== null && !job.private && input.images.length > 0) fileInChannel(ctx, job, job.channelKey, input);

  const bytes = input.images.reduce((sum, image) => sum + image.bytes, 0);
  ctx.sql("UPDATE workspaces SET storage_used_bytes = storage_used_bytes + ? WHERE id = ?").run(bytes, job.workspaceId);
  bumpUsage(ctx, job.workspaceId, job.userId, utcDay(input.now), {
    completed: 1,
    images: input.images.length,
    storageBytes: bytes,
    providerCostUsd: input.providerCostUsd ?? 0,
    model: { id: job.model, images: input.images.length },
  });
  const refunded = refundJob(ctx, job, refundFor(job, "completed", input.images.length), input.now);
  const row = ctx
    .sql(
      `UPDATE generation_jobs
       SET status = 'completed', lease_owner = NULL, lease_expires_at = NULL, finished_at = @now,
           provider_ms = @providerMs, upload_ms = @uploadMs, provider_cost_usd = @providerCostUsd,
           credits_refunded = credits_refunded + @refunded
       WHERE id = @jobId
       RETURNING *`,
    )
    .get({
      jobId: job.id,
      now: input.now,
      providerMs: input.providerMs,
      uploadMs: input.uploadMs,
      providerCostUsd: input.providerCostUsd,
      refunded,
    }) as JobRow;
  return toJob(row);
}

/**
 * Adds the images to the channel's shared collection. The channel's display name is not known
 * here, so a collection created now is named after its key until ensureForChannel renames it.
 */
function fileInChannel(ctx: SqliteContext, job: Job, channelKey: string, input: CompleteInput): void {
  const collectionId = ensureChannelCollection(ctx, { workspaceId: job.workspaceId, channelKey, name: channelKey, now: input.now });
  const link = ctx.sql("INSERT OR IGNORE INTO collection_images (collection_id, image_id, added_at, added_by) VALUES (?, ?, ?, ?)");
  for (const image of input.images) link.run(collectionId, image.id, input.now, job.userId);
  ctx.sql("UPDATE collections SET updated_at = ? WHERE id = ?").run(input.now, collectionId);
}
