import type { z } from "zod";
import { successRate } from "../../core/domain/usage.ts";
import type { Collection, Image } from "../../core/domain/image.ts";
import { webhookUrlOf } from "../../core/engine/api-generations.ts";
import type { UsageTotalsDay } from "../../core/engine/api-usage.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { collectionBody, generationBody, imageBody } from "./api-schemas.ts";

/** Domain values as the API shows them: ISO times, our image URLs, no internal fields. */

const iso = (at: number) => new Date(at).toISOString();
const isoOrNull = (at: number | null) => (at === null ? null : iso(at));

export function generationJson(view: JobView, storage: ObjectStorage): z.output<typeof generationBody> {
  const { job } = view;
  return {
    id: job.id,
    status: job.status,
    prompt: job.prompt,
    negativePrompt: job.negativePrompt,
    model: job.model,
    aspectRatio: job.aspectRatio,
    count: job.count,
    seed: job.seed,
    private: job.private,
    price: job.creditsCharged,
    refunded: job.creditsRefunded,
    position: view.position,
    createdAt: iso(job.createdAt),
    startedAt: isoOrNull(job.startedAt),
    finishedAt: isoOrNull(job.finishedAt),
    images: view.images.map((image) => ({
      id: image.id,
      index: image.index,
      url: imageUrl(storage, image),
      contentType: image.contentType,
      width: image.width,
      height: image.height,
    })),
    // Only a failed job's error is final; a pending retry's is shown by its status instead.
    error: job.status === "failed" ? { code: job.errorCode ?? "FAILED", message: job.errorMessage ?? "The generation failed." } : null,
    webhookUrl: webhookUrlOf(job),
  };
}

export function imageJson(image: Image, storage: ObjectStorage): z.output<typeof imageBody> {
  return {
    id: image.id,
    generationId: image.jobId,
    url: imageUrl(storage, image),
    contentType: image.contentType,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    prompt: image.prompt,
    model: image.model,
    seed: image.seed,
    aspectRatio: image.aspectRatio,
    private: image.private,
    createdAt: iso(image.createdAt),
  };
}

/** `/c/<token>` is the gallery page the HTTP server serves for shared collections. */
export function collectionJson(collection: Collection, sharingEnabled: boolean, publicUrl: string): z.output<typeof collectionBody> {
  const shared = sharingEnabled && collection.shareToken !== null;
  return {
    id: collection.id,
    name: collection.name,
    kind: collection.userId === null ? "channel" : "personal",
    imageCount: collection.imageCount,
    shareUrl: shared ? `${publicUrl.replace(/\/+$/, "")}/c/${collection.shareToken}` : null,
    createdAt: iso(collection.createdAt),
    updatedAt: iso(collection.updatedAt),
  };
}

export function usageDayJson(day: UsageTotalsDay) {
  return { ...day, successRate: successRate(day) };
}
