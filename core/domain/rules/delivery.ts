import type { Job } from "../job.ts";
import type { QueueDelivery } from "./effects.ts";

/**
 * How long other processes leave a new outbox row to the process that made the change: it
 * delivers at once, and only if it dies (or cannot reach the platform) does any other process
 * claim the row. Longer than a normal delivery (a paced Slack update waits about a second per
 * message queued in its channel), short enough that a lost result shows up within seconds.
 */
export const FIRST_DELIVERY_GRACE_MS = 10_000;

/** How long a claimed outbox row stays with the process that claimed it before others may retry it. */
export const DELIVERY_LEASE_MS = 60_000;

/**
 * A job reached a final state (completed, failed, cancelled, timed out): queue its delivery in
 * the same transaction. Jobs with no reply target have nothing to deliver (an edge that posts
 * its reply later redelivers when it records the target).
 */
export function queueDelivery(job: Job, now: number): QueueDelivery[] {
  const platform = job.replyTarget?.platform;
  if (!platform) return [];
  return [{ type: "queueDelivery", jobId: job.id, platform, now, availableAt: now + FIRST_DELIVERY_GRACE_MS }];
}
