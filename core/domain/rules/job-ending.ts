import type { Job } from "../job.ts";
import { rejections } from "../rejection-messages.ts";
import type { Rejection } from "../rejections.ts";
import { err, ok, type Result } from "../result.ts";
import { utcDay } from "../usage.ts";
import type { Effect } from "./effects.ts";
import { queueDelivery } from "./delivery.ts";
import { moveJob } from "./job-moves.ts";
import { refundEffects } from "./refund.ts";

export const QUEUE_TIMEOUT_MESSAGE = "Waited too long in the queue; credits refunded.";

export interface Ending {
  status: "failed" | "cancelled";
  /** Null keeps the previous value, so the last failure stays visible. */
  errorCode: string | null;
  errorMessage: string | null;
  now: number;
}

/**
 * A pending or processing job ends as failed or cancelled: full refund (rules/refund.ts), the
 * outcome counted on the day it ended, the lease dropped, its delivery queued (rules/delivery.ts).
 */
export function endJob(job: Job, ending: Ending): Effect[] {
  const refund = refundEffects(job, ending.status, 0, ending.now);
  return [
    ...refund.effects,
    { type: "usage", workspaceId: job.workspaceId, userId: job.userId, date: utcDay(ending.now), delta: { [ending.status]: 1 } },
    moveJob(job, ending.status, {
      errorCode: ending.errorCode ?? job.errorCode,
      errorMessage: ending.errorMessage ?? job.errorMessage,
      creditsRefunded: job.creditsRefunded + refund.amount,
      leaseOwner: null,
      leaseExpiresAt: null,
      finishedAt: ending.now,
    }),
    ...queueDelivery(job, ending.now),
  ];
}

/** Back to pending, lease dropped, not claimable before `runAt`; `attemptsDelta` -1 gives back an attempt that never ran. */
export function requeueJob(job: Job, p: { runAt: number; attemptsDelta: 0 | -1; errorCode: string | null; errorMessage: string | null }): Effect[] {
  return [
    moveJob(job, "pending", {
      leaseOwner: null,
      leaseExpiresAt: null,
      nextRunAt: p.runAt,
      attempts: job.attempts + p.attemptsDelta,
      errorCode: p.errorCode ?? job.errorCode,
      errorMessage: p.errorMessage ?? job.errorMessage,
    }),
  ];
}

/** A worker's failure report: retry later when `retryAt` is set, else end as failed with a full refund. */
export function decideFailure(job: Job, input: { errorCode: string; errorMessage: string; retryAt: number | null; now: number }): Effect[] {
  const error = { errorCode: input.errorCode, errorMessage: input.errorMessage };
  if (input.retryAt !== null) return requeueJob(job, { ...error, runAt: input.retryAt, attemptsDelta: 0 });
  return endJob(job, { ...error, status: "failed", now: input.now });
}

/** Only a pending job can be cancelled; a running one finishes (its result is already paid for). */
export function decideCancel(job: Job | null, now: number): Result<Effect[], Rejection> {
  if (!job) return err(rejections.unknownJob());
  if (job.status !== "pending") return err(rejections.notCancellable(job.status));
  return ok(endJob(job, { status: "cancelled", errorCode: null, errorMessage: null, now }));
}

/** A job that waited past the maximum queue age fails with QUEUE_TIMEOUT and a full refund. */
export function decideQueueTimeout(job: Job, now: number): Effect[] {
  return endJob(job, { status: "failed", errorCode: "QUEUE_TIMEOUT", errorMessage: QUEUE_TIMEOUT_MESSAGE, now });
}
