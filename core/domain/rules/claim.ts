import type { Job } from "../job.ts";
import type { ProviderId } from "../models.ts";
import type { Effect } from "./effects.ts";
import { moveJob } from "./job-moves.ts";

/**
 * Claim choice, the same on both stores: workspaces with pending work are visited least
 * recently served first (never served first of all, then by workspace id); within one, the
 * oldest pending job (FIFO by seq) that is runnable goes. A claim answers null only when no
 * pending job anywhere is runnable. Stores read candidates in windows of this size, so one
 * read stays small however long the queue is; Convex resumes in a further transaction where a
 * window held nothing runnable (convex/model/claim.ts), SQLite pages on in the same one.
 */
export const CLAIM_WINDOW = { workspaces: 8, jobsPerWorkspace: 16 } as const;

export interface ClaimRules {
  now: number;
  providers: readonly ProviderId[];
  /** The per-member running cap of the workspace's plan. */
  cap: number;
}

/** A pending job can run now: its backoff is over, this worker has its provider, its member is under the cap. */
export function isRunnable(job: Pick<Job, "nextRunAt" | "provider">, memberRunning: number, rules: ClaimRules): boolean {
  return job.nextRunAt <= rules.now && rules.providers.includes(job.provider) && memberRunning < rules.cap;
}

/** The first runnable job of one workspace's pending jobs, given oldest first; null when none is. */
export function firstRunnable<J extends Pick<Job, "memberId" | "nextRunAt" | "provider">>(
  jobs: readonly J[],
  runningOf: (memberId: string) => number,
  rules: ClaimRules,
): J | null {
  return jobs.find((job) => isRunnable(job, runningOf(job.memberId), rules)) ?? null;
}

/** pending -> processing under `workerId`'s lease; the attempt counts now (release gives it back). */
export function leaseJob(job: Job, lease: { workerId: string; now: number; leaseMs: number }): Effect[] {
  return [
    moveJob(job, "processing", {
      attempts: job.attempts + 1,
      leaseOwner: lease.workerId,
      leaseExpiresAt: lease.now + lease.leaseMs,
      startedAt: job.startedAt ?? lease.now,
    }),
  ];
}
