import { inputImageBytes } from "../input-image-key.ts";
import type { Job } from "../job.ts";
import type { Effect } from "./effects.ts";

/** A job whose input copy may go: it will never run again, so nothing reads the copy but a rerun. */
export function inputCopyRemovable(job: Pick<Job, "status">): boolean {
  return job.status === "completed" || job.status === "failed" || job.status === "cancelled";
}

/**
 * Deleting a job's images takes its stored input copy with it (issue #19: a job made from a
 * private photo leaves no photo behind). The engine deletes the object first, then the store
 * applies this: the job stops naming `key` (a later Regenerate then answers that the image is
 * gone, charging nothing) and the bytes submit counted come off the workspace's and the user's
 * storage totals. Nothing when the job is unknown, still queued or running, or no longer names
 * `key` (a second press), so the bytes come back once.
 */
export function releaseInputImage(job: Job | null, key: string, now: number): Effect[] {
  if (!job || job.inputImageKey !== key || !inputCopyRemovable(job)) return [];
  const effects: Effect[] = [{ type: "clearInputImage", jobId: job.id }];
  const bytes = inputImageBytes(key);
  if (bytes > 0) effects.push({ type: "storage", workspaceId: job.workspaceId, userId: job.userId, bytes: -bytes, now });
  return effects;
}
