import { describe, expect, it } from "vitest";
import type { NewDelivery, WebhookOutbox } from "../../core/ports/webhook-outbox.ts";

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const LEASE = 30_000;
const delivery = (eventId = "job_1.completed"): NewDelivery => ({
  eventId,
  jobId: eventId.split(".")[0]!,
  workspaceId: "ws_1",
  keyId: "key_1",
  url: "https://example.com/hook",
  body: '{"id":"x"}',
});

/** Every WebhookOutbox: one sender per event, leases, retries that outlive their process. */
export function webhookOutboxContract(name: string, make: () => WebhookOutbox): void {
  describe(`WebhookOutbox contract: ${name}`, () => {
    it("opens an event once, leased to its first caller", async () => {
      const outbox = make();
      const first = await outbox.open(delivery(), "p1", T0, LEASE);
      expect(first).toMatchObject({ state: "pending", attempts: 0, leaseOwner: "p1", leaseExpiresAt: T0 + LEASE, nextAttemptAt: T0 });
      expect(await outbox.open(delivery(), "p2", T0 + 1, LEASE)).toBeNull();
      expect(await outbox.get("job_1.completed")).toEqual(first);
      expect(await outbox.get("job_missing.completed")).toBeNull();
    });

    it("records a delivery, and only the lease holder may settle", async () => {
      const outbox = make();
      await outbox.open(delivery(), "p1", T0, LEASE);
      expect(await outbox.settle("job_1.completed", "p2", { kind: "delivered" }, T0 + 1, LEASE)).toBe(false);
      expect(await outbox.settle("job_1.completed", "p1", { kind: "delivered" }, T0 + 1, LEASE)).toBe(true);
      expect(await outbox.get("job_1.completed")).toMatchObject({ state: "delivered", attempts: 1, leaseOwner: null });
      expect(await outbox.settle("job_1.completed", "p1", { kind: "delivered" }, T0 + 2, LEASE)).toBe(false);
      expect(await outbox.claimDue("p2", T0 + 10 * LEASE, LEASE)).toBeNull();
    });

    it("a retry whose process stopped is resumed by another once due and the lease lapsed", async () => {
      const outbox = make();
      await outbox.open(delivery(), "p1", T0, LEASE);
      const retryAt = T0 + 2_000;
      expect(await outbox.settle("job_1.completed", "p1", { kind: "retry", at: retryAt, error: "answered HTTP 503" }, T0 + 1, LEASE)).toBe(true);
      expect(await outbox.get("job_1.completed")).toMatchObject({ state: "pending", attempts: 1, nextAttemptAt: retryAt, lastError: "answered HTTP 503" });
      // The holder keeps it through its own wait…
      expect(await outbox.claimDue("p2", retryAt, LEASE)).toBeNull();
      // …and may try again itself.
      expect(await outbox.settle("job_1.completed", "p1", { kind: "retry", at: retryAt + 10_000, error: "timeout" }, retryAt, LEASE)).toBe(true);
      // p1 stops; after the lease lapses p2 takes it over and p1's late word counts for nothing.
      const lapsed = retryAt + 10_000 + LEASE;
      expect(await outbox.claimDue("p2", lapsed, LEASE)).toMatchObject({ eventId: "job_1.completed", leaseOwner: "p2", attempts: 2 });
      expect(await outbox.settle("job_1.completed", "p1", { kind: "delivered" }, lapsed + 1, LEASE)).toBe(false);
      expect(await outbox.settle("job_1.completed", "p2", { kind: "failed", error: "answered HTTP 410" }, lapsed + 1, LEASE)).toBe(true);
      expect(await outbox.get("job_1.completed")).toMatchObject({ state: "failed", attempts: 3, lastError: "answered HTTP 410" });
    });

    it("claims the oldest due delivery first and skips live leases", async () => {
      const outbox = make();
      await outbox.open(delivery("job_a.completed"), "p1", T0, LEASE);
      await outbox.open(delivery("job_b.completed"), "p1", T0, LEASE);
      await outbox.settle("job_a.completed", "p1", { kind: "retry", at: T0 + 5_000, error: "x" }, T0, 0);
      await outbox.settle("job_b.completed", "p1", { kind: "retry", at: T0 + 1_000, error: "x" }, T0, 0);
      expect(await outbox.claimDue("p2", T0 + 500, LEASE)).toBeNull();
      expect((await outbox.claimDue("p2", T0 + 6_000, LEASE))?.eventId).toBe("job_b.completed");
      expect((await outbox.claimDue("p3", T0 + 6_000, LEASE))?.eventId).toBe("job_a.completed");
      expect(await outbox.claimDue("p4", T0 + 6_000, LEASE)).toBeNull();
    });
  });
}
