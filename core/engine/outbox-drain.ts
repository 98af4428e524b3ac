import { DELIVERY_LEASE_MS } from "../domain/rules/delivery.ts";
import type { Delivery } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";

/** Outbox rows leased per pass; the rest wait for the next pass (bounded work per tick). */
export const OUTBOX_CLAIM_LIMIT = 50;

/**
 * Delivers final states that no process has shown yet: their deliverer crashed between the
 * commit and the platform call, or the platform was down. Rows are leased to this process
 * (DELIVERY_LEASE_MS), so two processes do not deliver one row at once; a row whose deliverer
 * dies is claimed again when its lease ends. Only platforms this process has a notifier for
 * are claimed. Returns the job ids handed to delivery; it does not wait for them (a paced
 * Slack channel may take a while), their marks follow as each one is shown.
 */
export async function drainOutbox(options: EngineOptions, delivery: Delivery): Promise<string[]> {
  const platforms = delivery.platforms();
  if (!platforms.length) return [];
  const entries = await options.store.outbox.claim({
    owner: options.workerId,
    platforms,
    now: options.clock.now(),
    leaseMs: DELIVERY_LEASE_MS,
    limit: OUTBOX_CLAIM_LIMIT,
  });
  for (const entry of entries) void delivery.deliver(entry.jobId, { fromOutbox: true });
  if (entries.length) options.logger.info({ jobs: entries.map((e) => e.jobId) }, "delivering results a previous delivery did not show");
  return entries.map((e) => e.jobId);
}
