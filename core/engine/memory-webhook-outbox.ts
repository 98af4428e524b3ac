import { isClaimable, leased, openedDelivery, settled } from "../domain/webhook-delivery.ts";
import type { WebhookDelivery, WebhookOutbox } from "../ports/webhook-outbox.ts";

/**
 * Deliveries in this process (SQLite deployments): the same rules as the Convex table, but a
 * restart forgets pending retries and other processes cannot resume them.
 */
const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;

export function createMemoryWebhookOutbox(): WebhookOutbox {
  const deliveries = new Map<string, WebhookDelivery>();
  /** Finished deliveries are kept a day (a repeated delivery of the job is then still refused), then dropped. */
  const forgetFinished = (now: number) => {
    for (const [id, d] of deliveries) if (d.state !== "pending" && d.updatedAt < now - KEEP_FINISHED_MS) deliveries.delete(id);
  };
  return {
    async open(input, workerId, now, leaseMs) {
      forgetFinished(now);
      if (deliveries.has(input.eventId)) return null;
      const delivery = openedDelivery(input, workerId, now, leaseMs);
      deliveries.set(input.eventId, delivery);
      return delivery;
    },
    async claimDue(workerId, now, leaseMs) {
      const due = [...deliveries.values()].filter((d) => isClaimable(d, now)).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt)[0];
      if (!due) return null;
      const next = leased(due, workerId, now, leaseMs);
      deliveries.set(due.eventId, next);
      return next;
    },
    async settle(eventId, workerId, outcome, now, leaseMs) {
      const current = deliveries.get(eventId);
      const next = current && settled(current, workerId, outcome, now, leaseMs);
      if (!next) return false;
      deliveries.set(eventId, next);
      return true;
    },
    async get(eventId) {
      return deliveries.get(eventId) ?? null;
    },
  };
}
