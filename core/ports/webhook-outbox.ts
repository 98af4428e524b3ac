/**
 * Webhook deliveries as state, so a retry survives a restart and any process can finish a
 * delivery another began. Implementations: in process memory (core/engine/memory-webhook-outbox.ts;
 * SQLite deployments, one machine) and a Convex table (convex/webhookDeliveries.ts). The rules
 * of both are core/domain/webhook-delivery.ts.
 */
export interface WebhookDelivery {
  /** "<job id>.<status>", the id receivers deduplicate on. */
  eventId: string;
  jobId: string;
  workspaceId: string;
  /** The submitting API key: its secret signs each attempt (secrets are never stored here). */
  keyId: string;
  url: string;
  body: string;
  state: "pending" | "delivered" | "failed";
  /** Attempts made so far. */
  attempts: number;
  /** When a pending delivery may be tried (again). */
  nextAttemptAt: number;
  /** The process trying it, until leaseExpiresAt; a lapsed lease lets another resume it. */
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewDelivery = Pick<WebhookDelivery, "eventId" | "jobId" | "workspaceId" | "keyId" | "url" | "body">;

export type AttemptOutcome = { kind: "delivered" } | { kind: "retry"; at: number; error: string } | { kind: "failed"; error: string };

export interface WebhookOutbox {
  /**
   * Records a delivery and leases it to `workerId` for its first attempt, atomically.
   * Idempotent on eventId: a second call (another process finishing the same job, a repeated
   * delivery) gets null and must not send.
   */
  open(delivery: NewDelivery, workerId: string, now: number, leaseMs: number): Promise<WebhookDelivery | null>;
  /**
   * Leases the oldest pending delivery that is due (nextAttemptAt <= now) and not leased by a
   * live holder, to resume deliveries whose process stopped; null when there is none.
   */
  claimDue(workerId: string, now: number, leaseMs: number): Promise<WebhookDelivery | null>;
  /**
   * Records the outcome of an attempt by the lease holder (attempts + 1). A retry keeps the
   * lease until `at + leaseMs`, so the holder may sleep and try again itself; if it stops, the
   * lease lapses and claimDue hands the delivery to another process. False (and nothing
   * changes) when `workerId` no longer holds the lease.
   */
  settle(eventId: string, workerId: string, outcome: AttemptOutcome, now: number, leaseMs: number): Promise<boolean>;
  /** Null when unknown. */
  get(eventId: string): Promise<WebhookDelivery | null>;
}
