import type { CompletedImage } from "../ports/store.ts";
import type { AspectRatio } from "./aspect-ratios.ts";
import type { Job } from "./job.ts";

export interface Image {
  id: string;
  jobId: string;
  workspaceId: string;
  userId: string;
  /** Position within the job (0-based). */
  index: number;
  storageKey: string;
  url: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
  prompt: string;
  model: string;
  seed: number;
  aspectRatio: AspectRatio;
  /** Private images never appear in shared collections or gallery pages. */
  private: boolean;
  createdAt: number;
}

export interface Collection {
  id: string;
  workspaceId: string;
  /** Owner of a personal collection; null for a channel's shared collection. */
  userId: string | null;
  /** Platform-qualified channel for a channel collection, e.g. "slack:T01/C02". */
  channelKey: string | null;
  name: string;
  description: string | null;
  /** Unguessable token behind /c/<token>; null when sharing is off. */
  shareToken: string | null;
  isPublic: boolean;
  collaboratorUserIds: string[];
  imageCount: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * The image rows a completion writes (rules/completion.ts insertImages): what the worker stored,
 * plus the job's fields, created at the completion's `now`. The worker builds the finished
 * job's view from these instead of reading the rows back.
 */
export function imagesOfCompletion(
  job: Pick<Job, "id" | "workspaceId" | "userId" | "prompt" | "model" | "seed" | "aspectRatio" | "private">,
  images: readonly CompletedImage[],
  now: number,
): Image[] {
  return images.map((image) => ({
    ...image,
    jobId: job.id,
    workspaceId: job.workspaceId,
    userId: job.userId,
    prompt: job.prompt,
    model: job.model,
    seed: job.seed,
    aspectRatio: job.aspectRatio,
    private: job.private,
    createdAt: now,
  }));
}
