import type { CompletedImage } from "../../ports/store.ts";
import type { Job } from "../job.ts";
import { utcDay } from "../usage.ts";
import type { Effect } from "./effects.ts";
import { queueDelivery } from "./delivery.ts";
import { moveJob } from "./job-moves.ts";
import { refundEffects } from "./refund.ts";

export interface Completion {
  images: CompletedImage[];
  providerMs: number;
  uploadMs: number;
  providerCostUsd: number | null;
  now: number;
}

/**
 * processing -> completed, with everything the result implies: image rows, the workspace's
 * and the user's storage totals, the channel's shared collection (public jobs made in a
 * channel), usage on the day it completed, the refund for images that did not come back, and
 * the delivery of the result (rules/delivery.ts).
 * `job` is the job as the store read it, leased by the reporting worker.
 */
export function decideCompletion(job: Job, result: Completion): Effect[] {
  const { images, now } = result;
  const bytes = images.reduce((sum, image) => sum + image.bytes, 0);
  const refund = refundEffects(job, "completed", images.length, now);
  const effects: Effect[] = [
    { type: "insertImages", job, images, now },
    { type: "storage", workspaceId: job.workspaceId, userId: job.userId, bytes, now },
  ];
  if (job.channelKey !== null && !job.private && images.length > 0) {
    effects.push({
      type: "fileInChannel",
      workspaceId: job.workspaceId,
      channelKey: job.channelKey,
      imageIds: images.map((image) => image.id),
      addedBy: job.userId,
      now,
    });
  }
  effects.push(
    {
      type: "usage",
      workspaceId: job.workspaceId,
      userId: job.userId,
      date: utcDay(now),
      delta: {
        completed: 1,
        images: images.length,
        storageBytes: bytes,
        providerCostUsd: result.providerCostUsd ?? 0,
        model: { id: job.model, images: images.length },
      },
    },
    ...refund.effects,
    moveJob(job, "completed", {
      creditsRefunded: job.creditsRefunded + refund.amount,
      leaseOwner: null,
      leaseExpiresAt: null,
      finishedAt: now,
      providerMs: result.providerMs,
      uploadMs: result.uploadMs,
      providerCostUsd: result.providerCostUsd,
    }),
    ...queueDelivery(job, now),
  );
  return effects;
}
