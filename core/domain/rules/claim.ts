import type { Job } from "../job.ts";
import type { Effect } from "./effects.ts";
import { moveJob } from "./job-moves.ts";

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
