import { describe, expect, it } from "vitest";
import { imagesOfCompletion } from "../../../core/domain/image.ts";
import { utcDay } from "../../../core/domain/usage.ts";
import { DAY, Fixture, LEASE_MS, NO_LIMITS, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

export function lifecycleCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const today = utcDay(T0);

  describe("job lifecycle", () => {
    it("lets only the current lease owner heartbeat, complete, fail or release", async () => {
      const f = fixture();
      const job = await f.running(await f.actor(), "worker-1");
      expect(await f.store.jobs.heartbeat(job.id, "worker-1", T0 + 2 * LEASE_MS)).toBe(true);
      expect((await f.store.jobs.get(job.id))?.leaseExpiresAt).toBe(T0 + 2 * LEASE_MS);

      const expiredAt = T0 + 2 * LEASE_MS + 1;
      expect((await f.store.jobs.requeueExpired(expiredAt)).map((j) => j.id)).toEqual([job.id]);
      expect((await f.claim("worker-2", expiredAt))?.id).toBe(job.id);
      const owned = await f.store.jobs.get(job.id);

      expect(await f.store.jobs.heartbeat(job.id, "worker-1", expiredAt + LEASE_MS)).toBe(false);
      expect(await f.complete(job, f.images(1), "worker-1", expiredAt)).toBeNull();
      expect(
        await f.store.jobs.fail({ jobId: job.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: null, now: expiredAt }),
      ).toBeNull();
      expect(await f.store.jobs.release(job.id, "worker-1", expiredAt, expiredAt)).toBeNull();
      expect(await f.store.jobs.get(job.id)).toEqual(owned);
      expect(owned).toMatchObject({ status: "processing", leaseOwner: "worker-2", attempts: 2 });
      expect(await f.store.images.listForJob(job.id)).toEqual([]);
    });

    it("requeues only jobs whose lease has expired", async () => {
      const f = fixture();
      const actor = await f.actor();
      const early = await f.running(actor, "worker-1", { now: T0 });
      const later = await f.running(actor, "worker-2", { now: T0 + 10_000 });
      const requeued = await f.store.jobs.requeueExpired(T0 + LEASE_MS + 1);
      expect(requeued).toEqual([
        { ...early, status: "pending", leaseOwner: null, leaseExpiresAt: null, nextRunAt: T0 + LEASE_MS + 1 },
      ]);
      expect((await f.store.jobs.get(later.id))?.status).toBe("processing");
      expect(await f.store.jobs.position(early.id)).toBe(1);
      expect(unwrap(await f.store.jobs.submit(f.newJob(actor), NO_LIMITS)).position).toBe(2);
    });

    it("completes: images with the job's parameters, storage, usage and a refund for missing images", async () => {
      const f = fixture();
      const actor = await f.actor();
      const model = "google/gemini-2.5-flash-image";
      const job = await f.running(actor, "worker-1", { count: 4, price: 8, seed: 7, aspectRatio: "16:9", model, provider: "openrouter" });
      const images = f.images(3, 2_500);
      const completed = await f.complete(job, images, "worker-1", T0 + 3_000);

      expect(completed).toMatchObject({
        status: "completed",
        leaseOwner: null,
        finishedAt: T0 + 3_000,
        providerMs: 1_200,
        uploadMs: 80,
        providerCostUsd: 0.04,
        creditsCharged: 8,
        creditsRefunded: 2,
      });
      const stored = await f.store.images.listForJob(job.id);
      expect(stored.map((i) => i.id)).toEqual(images.map((i) => i.id));
      expect(stored[2]).toEqual({
        ...images[2],
        jobId: job.id,
        workspaceId: actor.workspace.id,
        userId: actor.user.id,
        prompt: job.prompt,
        model,
        seed: 7,
        aspectRatio: "16:9",
        private: false,
        createdAt: T0 + 3_000,
      });
      expect(await f.store.images.get(images[0]!.id)).toEqual(stored[0]);
      const workspace = await f.store.workspaces.get(actor.workspace.id);
      expect(workspace).toMatchObject({ storageUsedBytes: 7_500, balance: 500 - 8 + 2 });
      const refund = (await f.store.credits.list(actor.workspace.id, 10)).find((e) => e.kind === "refund");
      expect(refund).toMatchObject({ amount: 2, jobId: job.id, dedupeKey: `refund:${job.id}` });
      const [usage] = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: today, toDate: today });
      expect(usage).toMatchObject({
        requested: 1,
        completed: 1,
        images: 3,
        storageBytes: 7_500,
        creditsCharged: 8,
        creditsRefunded: 2,
        providerCostUsd: 0.04,
        models: { [model]: 3 },
      });
      expect(await f.complete(job, f.images(1), "worker-1", T0 + 4_000)).toBeNull();
    });

    it("answers a completion with the job exactly as stored, and its images as imagesOfCompletion builds them (the worker shows these without reading back)", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.running(actor, "worker-1", { count: 3, price: 3, private: true });
      const images = f.images(2, 1_500);
      const completed = await f.complete(job, images, "worker-1", T0 + 5_000);
      expect(completed).toEqual(await f.store.jobs.get(job.id));
      expect(imagesOfCompletion(completed!, images, T0 + 5_000)).toEqual(await f.store.images.listForJob(job.id));
    });

    it("does not refund a job that delivered every image", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.running(actor, "worker-1", { count: 2, price: 2 });
      expect((await f.complete(job, f.images(2)))?.creditsRefunded).toBe(0);
      expect((await f.store.credits.list(actor.workspace.id, 10)).map((e) => e.kind)).toEqual(["charge", "grant"]);
    });

    it("retries with retryAt, and fails for good without it with a full refund", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.running(actor, "worker-1", { price: 5 });
      const retried = await f.store.jobs.fail({
        jobId: job.id,
        workerId: "worker-1",
        errorCode: "PROVIDER_TIMEOUT",
        errorMessage: "took too long",
        retryAt: T0 + 1_000,
        now: T0,
      });
      expect(retried).toMatchObject({ status: "pending", leaseOwner: null, leaseExpiresAt: null, nextRunAt: T0 + 1_000, attempts: 1, errorCode: "PROVIDER_TIMEOUT", creditsRefunded: 0 });
      expect(await f.balance(actor.workspace.id)).toBe(495);

      await f.claim("worker-1", T0 + 1_000);
      const failed = await f.store.jobs.fail({
        jobId: job.id,
        workerId: "worker-1",
        errorCode: "CONTENT_POLICY",
        errorMessage: "refused",
        retryAt: null,
        now: T0 + 2_000,
      });
      expect(failed).toMatchObject({ status: "failed", attempts: 2, errorCode: "CONTENT_POLICY", errorMessage: "refused", finishedAt: T0 + 2_000, creditsRefunded: 5, leaseOwner: null });
      expect(await f.balance(actor.workspace.id)).toBe(500);
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, today)).toBe(0);
      const [usage] = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: today, toDate: today });
      expect(usage).toMatchObject({ failed: 1, completed: 0, creditsRefunded: 5 });
    });

    it("books a refund on the day the job was charged", async () => {
      const f = fixture();
      const actor = await f.actor();
      const beforeMidnight = Date.UTC(2026, 10, 26, 23, 59);
      const job = await f.running(actor, "worker-1", { price: 4, now: beforeMidnight });
      await f.store.jobs.fail({ jobId: job.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: null, now: beforeMidnight + 2 * 60_000 });
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, "2026-11-26")).toBe(0);
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, "2026-11-27")).toBe(0);
      const days = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: "2026-11-26", toDate: "2026-11-27" });
      expect(days.map((d) => [d.date, d.creditsCharged, d.creditsRefunded, d.failed])).toEqual([
        ["2026-11-26", 4, 4, 0],
        ["2026-11-27", 0, 0, 1],
      ]);
    });

    it("releases a job without spending an attempt", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.running(actor, "worker-1", { price: 2 });
      const released = await f.store.jobs.release(job.id, "worker-1", T0 + 9_000, T0 + 1);
      expect(released).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null, leaseExpiresAt: null, nextRunAt: T0 + 9_000 });
      expect(await f.balance(actor.workspace.id)).toBe(498);
      const behind = unwrap(await f.store.jobs.submit(f.newJob(actor, { now: T0 + 1 }), NO_LIMITS));
      expect(behind.position).toBe(2);
      expect((await f.claim("worker-2", T0 + 8_999))?.id).toBe(behind.job.id);
      expect(await f.claim("worker-2", T0 + 9_000)).toMatchObject({ id: job.id, attempts: 1 });
    });

    it("cancels pending jobs with a full refund, and nothing else", async () => {
      const f = fixture();
      const actor = await f.actor();
      const running = await f.running(actor, "worker-1", { price: 3 });
      const waiting = await f.submit(actor, { price: 4 });

      const cancelled = unwrap(await f.store.jobs.cancel(waiting.id, T0 + 5));
      expect(cancelled).toMatchObject({ status: "cancelled", finishedAt: T0 + 5, creditsRefunded: 4 });
      expect(await f.store.jobs.position(waiting.id)).toBeNull();
      expect(await f.balance(actor.workspace.id)).toBe(497);
      const [usage] = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: today, toDate: today });
      expect(usage).toMatchObject({ cancelled: 1, creditsRefunded: 4 });

      const before = await f.snapshot(actor.workspace.id);
      expect(rejection(await f.store.jobs.cancel(waiting.id, T0 + 6)).code).toBe("NOT_CANCELLABLE");
      expect(rejection(await f.store.jobs.cancel(running.id, T0 + 6)).code).toBe("NOT_CANCELLABLE");
      expect(rejection(await f.store.jobs.cancel("job_missing", T0 + 6)).code).toBe("NOT_FOUND");
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);
    });

    it("fails jobs that waited too long with QUEUE_TIMEOUT and a full refund", async () => {
      const f = fixture();
      const actor = await f.actor();
      const running = await f.running(actor, "worker-1", { now: T0 });
      const old = await f.submit(actor, { price: 6, now: T0 + 1 });
      const fresh = await f.submit(actor, { now: T0 + 10 * 60_000 });

      const stale = await f.store.jobs.failStale(T0 + 5 * 60_000, T0 + 11 * 60_000);
      expect(stale).toEqual([
        {
          ...old,
          status: "failed",
          errorCode: "QUEUE_TIMEOUT",
          errorMessage: "Waited too long in the queue; credits refunded.",
          creditsRefunded: 6,
          finishedAt: T0 + 11 * 60_000,
        },
      ]);
      expect((await f.store.jobs.get(running.id))?.status).toBe("processing");
      expect((await f.store.jobs.get(fresh.id))?.status).toBe("pending");
      expect(await f.balance(actor.workspace.id)).toBe(498);
      expect(await f.store.jobs.position(fresh.id)).toBe(1);
      expect(await f.store.jobs.failStale(T0 + DAY, T0 + DAY)).toHaveLength(1);
    });
  });
}
