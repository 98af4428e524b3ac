import type { AttemptOutcome, NewDelivery, WebhookDelivery } from "../ports/webhook-outbox.ts";

/** The rules of a webhook delivery's state, shared by the in-memory and the Convex outbox. */

export function openedDelivery(input: NewDelivery, workerId: string, now: number, leaseMs: number): WebhookDelivery {
  return {
    ...input,
    state: "pending",
    attempts: 0,
    nextAttemptAt: now,
    leaseOwner: workerId,
    leaseExpiresAt: now + leaseMs,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Due, and nobody holds a live lease on it. */
export function isClaimable(delivery: WebhookDelivery, now: number): boolean {
  return delivery.state === "pending" && delivery.nextAttemptAt <= now && (delivery.leaseExpiresAt === null || delivery.leaseExpiresAt <= now);
}

export function leased(delivery: WebhookDelivery, workerId: string, now: number, leaseMs: number): WebhookDelivery {
  return { ...delivery, leaseOwner: workerId, leaseExpiresAt: now + leaseMs, updatedAt: now };
}

/** The delivery after an attempt, or null when `workerId` does not hold a live lease on it. */
export function settled(delivery: WebhookDelivery, workerId: string, outcome: AttemptOutcome, now: number, leaseMs: number): WebhookDelivery | null {
  const holds = delivery.state === "pending" && delivery.leaseOwner === workerId && (delivery.leaseExpiresAt ?? 0) > now;
  if (!holds) return null;
  const base = { ...delivery, attempts: delivery.attempts + 1, updatedAt: now };
  if (outcome.kind === "delivered") return { ...base, state: "delivered", leaseOwner: null, leaseExpiresAt: null };
  if (outcome.kind === "failed") return { ...base, state: "failed", lastError: outcome.error, leaseOwner: null, leaseExpiresAt: null };
  return { ...base, nextAttemptAt: outcome.at, leaseExpiresAt: outcome.at + leaseMs, lastError: outcome.error };
}
