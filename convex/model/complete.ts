import { refundFor } from "../../core/domain/credits.ts";
import type { Job } from "../../core/domain/job.ts";
import { utcDay } from "../../core/domain/usage.ts";
import type { CompletedImage } from "../../core/ports/store.ts";
import type { MutationCtx } from "../_generated/server.js";
import { addLink, ensureChannelCollection } from "./collections.ts";
import { ownedJob } from "./leases.ts";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { moveJob } from "./queue.ts";
import { refundJob } from "./refund.ts";
import { bumpUsage } from "./usage.ts";

export interface CompleteArgs {
  jobId: string;
  workerId: string;
  images: CompletedImage[];
  providerMs: number;
  uploadMs: number;
  providerCostUsd: number | null;
  now: number;
  /** Used only if this completion creates the channel's collection (see ensureChannelCollection). */
  channelShareToken: string;
}

/**
 * processing -> completed for the lease owner only, in one transaction with everything the
 * result implies: image rows, storage counters, the channel collection, usage, and the refund
 * for images that did not come back.
 */
export async function completeJob(ctx: MutationCtx, args: CompleteArgs): Promise<Job | null> {
  const job = await ownedJob(ctx, args.jobId, args.workerId);
  if (!job) return null;
  const workspace = (await byAppId(ctx, "workspaces", job.workspaceId))!;
  const user = await byAppId(ctx, "users", job.userId);

  const images = [];
  for (const image of args.images) {
    const { id, ...fields } = image;
    const docId = await ctx.db.insert("images", {
      ...fields,
      appId: id,
      jobId: job.appId,
      workspaceId: job.workspaceId,
      userId: job.userId,
      prompt: job.prompt,
      model: job.model,
      seed: job.seed,
      aspectRatio: job.aspectRatio,
      private: job.private,
      createdAt: args.now,
    });
    images.push((await ctx.db.get(docId))!);
  }
  const bytes = args.images.reduce((sum, image) => sum + image.bytes, 0);
  await ctx.db.patch(workspace._id, { storageUsedBytes: workspace.storageUsedBytes + bytes, updatedAt: args.now });
  if (user) await ctx.db.patch(user._id, { storageUsedBytes: user.storageUsedBytes + bytes });

  if (job.channelKey !== null && !job.private && images.length > 0) {
    // Named after the channel key until the bot's ensureForChannel gives it the channel's name.
    const collection = await ensureChannelCollection(ctx, {
      workspaceId: job.workspaceId,
      channelKey: job.channelKey,
      name: job.channelKey,
      shareToken: args.channelShareToken,
      now: args.now,
    });
    for (const image of images) await addLink(ctx, collection, image, job.userId, args.now);
  }

  const delivered = images.length;
  await bumpUsage(ctx, job.workspaceId, job.userId, utcDay(args.now), {
    completed: 1,
    images: delivered,
    storageBytes: bytes,
    providerCostUsd: args.providerCostUsd ?? 0,
    model: { id: job.model, images: delivered },
  });
  const refund = await refundJob(ctx, job, refundFor(job, "completed", delivered), args.now);
  const done = await moveJob(ctx, job, "completed", {
    creditsRefunded: job.creditsRefunded + refund,
    leaseOwner: null,
    leaseExpiresAt: null,
    finishedAt: args.now,
    providerMs: args.providerMs,
    uploadMs: args.uploadMs,
    providerCostUsd: args.providerCostUsd,
  });
  return toJob(done);
}
