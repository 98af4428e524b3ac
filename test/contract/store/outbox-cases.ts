import { describe, expect, it } from "vitest";
import { DELIVERY_LEASE_MS, FIRST_DELIVERY_GRACE_MS } from "../../../core/domain/rules/delivery.ts";
import { Fixture, LEASE_MS, T0, unwrap, type StoreRef } from "./fixtures.ts";

const SLACK = { platform: "slack", channelId: "C1" };
const DISCORD = { platform: "discord", messageId: "m1" };

/** The delivery outbox (#14): written with a job's final state, leased to one deliverer, marked once shown. */
export function outboxCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const claimAll = (f: Fixture, owner: string, now: number, platforms = ["slack", "discord"], limit = 10) =>
    f.store.outbox.claim({ owner, platforms, now, leaseMs: DELIVERY_LEASE_MS, limit });

  describe("delivery outbox", () => {
    it("a completion writes the job's outbox row together with its final state; a stale worker's writes neither", async () => {
      const f = fixture();
      const job = await f.running(await f.actor(), "worker-1", { replyTarget: SLACK });
      expect(await f.store.outbox.get(job.id)).toBeNull();
      expect(await f.complete(job, f.images(1), "worker-2", T0 + 5)).toBeNull();
      expect(await f.store.outbox.get(job.id)).toBeNull();

      expect(await f.complete(job, f.images(1), "worker-1", T0 + 5)).toMatchObject({ status: "completed" });
      expect(await f.store.outbox.get(job.id)).toEqual({
        jobId: job.id,
        platform: "slack",
        createdAt: T0 + 5,
        availableAt: T0 + 5 + FIRST_DELIVERY_GRACE_MS,
        leaseOwner: null,
        deliveredAt: null,
      });
    });

    it("every ending queues one delivery (failed, cancelled, timed out); a retry, a requeue and a job with no reply target queue none", async () => {
      const f = fixture();
      const actor = await f.actor();
      const retried = await f.running(actor, "worker-1", { replyTarget: SLACK });
      await f.store.jobs.fail({ jobId: retried.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: T0 + 1, now: T0 });
      expect(await f.store.outbox.get(retried.id)).toBeNull();
      await f.claim("worker-1", T0 + 1);
      await f.store.jobs.fail({ jobId: retried.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: null, now: T0 + 2 });
      expect(await f.store.outbox.get(retried.id)).toMatchObject({ platform: "slack", createdAt: T0 + 2 });

      const expired = await f.running(actor, "worker-1", { replyTarget: DISCORD, now: T0 + 3 });
      await f.store.jobs.requeueExpired(T0 + 3 + LEASE_MS + 1);
      expect(await f.store.outbox.get(expired.id)).toBeNull();
      unwrap(await f.store.jobs.cancel(expired.id, T0 + 4));
      expect(await f.store.outbox.get(expired.id)).toMatchObject({ platform: "discord", createdAt: T0 + 4 });

      const stale = await f.submit(actor, { replyTarget: DISCORD, now: T0 + 5 });
      const silent = await f.submit(actor, { replyTarget: null, now: T0 + 5 });
      expect((await f.store.jobs.failStale(T0 + 6, T0 + 7)).map((j) => j.id).sort()).toEqual([stale.id, silent.id].sort());
      expect(await f.store.outbox.get(stale.id)).toMatchObject({ platform: "discord", createdAt: T0 + 7 });
      expect(await f.store.outbox.get(silent.id)).toBeNull();
    });

    it("claim leases due rows of the asked platforms only, oldest first and bounded; a live lease hides a row, an expired one frees it", async () => {
      const f = fixture();
      const actor = await f.actor();
      const ended = [];
      for (const [i, target] of [SLACK, DISCORD, SLACK].entries()) {
        const job = await f.submit(actor, { replyTarget: target, now: T0 + i });
        unwrap(await f.store.jobs.cancel(job.id, T0 + 10 + i));
        ended.push(job);
      }
      const [first, second, third] = ended as [(typeof ended)[0], (typeof ended)[0], (typeof ended)[0]];
      // Inside the first-delivery grace the process that ended the job has it to itself.
      expect(await claimAll(f, "p1", T0 + 10 + FIRST_DELIVERY_GRACE_MS - 1)).toEqual([]);

      const due = T0 + 20 + FIRST_DELIVERY_GRACE_MS;
      const slackOnly = await claimAll(f, "p1", due, ["slack"], 1);
      expect(slackOnly).toEqual([
        { jobId: first.id, platform: "slack", createdAt: T0 + 10, availableAt: due + DELIVERY_LEASE_MS, leaseOwner: "p1", deliveredAt: null },
      ]);
      expect((await claimAll(f, "p2", due)).map((e) => e.jobId)).toEqual([second.id, third.id]);
      expect(await claimAll(f, "p3", due + DELIVERY_LEASE_MS - 1)).toEqual([]);
      expect(await f.store.outbox.get(first.id)).toMatchObject({ leaseOwner: "p1" });

      const afterLease = due + DELIVERY_LEASE_MS;
      // All three leases ended at once: which comes first among equals is not part of the contract.
      const reclaimed = await claimAll(f, "p3", afterLease);
      expect(reclaimed.map((e) => e.jobId).sort()).toEqual([first.id, second.id, third.id].sort());
      expect(reclaimed.every((e) => e.leaseOwner === "p3")).toBe(true);
      expect(await claimAll(f, "p4", afterLease, [])).toEqual([]);
    });

    it("markDelivered records the delivery once: a delivered row is never claimed again; repeats and unknown ids change nothing", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.submit(actor, { replyTarget: SLACK });
      const other = await f.submit(actor, { replyTarget: SLACK });
      unwrap(await f.store.jobs.cancel(job.id, T0 + 1));
      unwrap(await f.store.jobs.cancel(other.id, T0 + 1));

      await f.store.outbox.markDelivered([job.id, "job_unknown"], T0 + 2);
      await f.store.outbox.markDelivered([job.id], T0 + 3);
      expect(await f.store.outbox.get(job.id)).toMatchObject({ deliveredAt: T0 + 2 });
      expect(await f.store.outbox.get("job_unknown")).toBeNull();
      const later = T0 + 10 * DELIVERY_LEASE_MS;
      expect((await claimAll(f, "p1", later)).map((e) => e.jobId)).toEqual([other.id]);
      await f.store.outbox.markDelivered([other.id], later);
      expect(await claimAll(f, "p2", later + DELIVERY_LEASE_MS)).toEqual([]);
    });
  });
}
