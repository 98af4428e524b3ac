import type { Job } from "./job.ts";

/** Queue time is never charged; the price is fixed when the job is accepted. */
export function priceOf(count: number, creditsPerImage: number): number {
  return count * creditsPerImage;
}

/**
 * What to give back when a job ends: everything when it failed or was cancelled, and the
 * share of the images that did not come back when it completed with fewer than asked for.
 */
export function refundFor(job: Pick<Job, "creditsCharged" | "count">, outcome: "completed" | "failed" | "cancelled", imagesDelivered = 0): number {
  if (outcome !== "completed") return job.creditsCharged;
  const missing = Math.min(job.count, Math.max(0, job.count - imagesDelivered));
  return Math.floor((job.creditsCharged * missing) / job.count);
}

/** The daily cap that applies to a member: their override, else the workspace's, else none. */
export function effectiveDailyCap(workspaceCap: number | null, memberOverride: number | null): number | null {
  return memberOverride ?? workspaceCap;
}
