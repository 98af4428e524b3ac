import { describe, expect, it } from "vitest";
import { Fixture, LEASE_MS, NO_LIMITS, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

export function queueDepthCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("jobs.queueDepth", () => {
    it("counts pending jobs store-wide through submit, claim, cancel, retry, release, expiry and completion", async () => {
      const f = fixture();
      const depth = () => f.store.jobs.queueDepth();
      /** The same number the slow way, to check the counters against the rows. */
      const pendingRows = async (workspaceIds: string[]) =>
        (await Promise.all(workspaceIds.map((id) => f.jobs(id, "pending")))).flat().length;

      expect(await depth()).toBe(0);
      const [one, two] = [await f.actor(), await f.actor()];
      const workspaces = [one.workspace.id, two.workspace.id];

      const a = await f.submit(one, { idempotencyKey: "k-a" });
      const b = await f.submit(one);
      const c = await f.submit(two);
      expect(await depth()).toBe(3);
      // A duplicate submit and a refused one enqueue nothing.
      expect(unwrap(await f.store.jobs.submit(f.newJob(one, { idempotencyKey: "k-a" }), NO_LIMITS)).duplicate).toBe(true);
      expect(rejection(await f.store.jobs.submit(f.newJob(two, { price: 10_000 }), NO_LIMITS)).code).toBe("INSUFFICIENT_CREDITS");
      expect(await depth()).toBe(3);

      const first = (await f.claim("worker-1", T0))!;
      expect(await depth()).toBe(2);
      const cancelTarget = [a, b, c].find((job) => job.id !== first.id)!;
      unwrap(await f.store.jobs.cancel(cancelTarget.id, T0));
      expect(await depth()).toBe(1);
      expect(await depth()).toBe(await pendingRows(workspaces));

      // A retry puts the job back in the queue; it counts while it waits for its retry time.
      const retried = await f.store.jobs.fail({ jobId: first.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: T0 + 60_000, now: T0 });
      expect(retried?.status).toBe("pending");
      expect(await depth()).toBe(2);

      const second = (await f.claim("worker-2", T0))!;
      expect(await depth()).toBe(1);
      await f.store.jobs.release(second.id, "worker-2", T0, T0);
      expect(await depth()).toBe(2);

      const third = (await f.claim("worker-3", T0))!;
      expect(await depth()).toBe(1);
      expect((await f.store.jobs.requeueExpired(T0 + LEASE_MS + 1)).map((job) => job.id)).toEqual([third.id]);
      expect(await depth()).toBe(2);
      expect(await depth()).toBe(await pendingRows(workspaces));

      // Finishing (for good, or with images) changes nothing: the job had already left the queue.
      const running = (await f.claim("worker-4", T0 + LEASE_MS + 1))!;
      expect(await depth()).toBe(1);
      await f.store.jobs.fail({ jobId: running.id, workerId: "worker-4", errorCode: "X", errorMessage: "x", retryAt: null, now: T0 + LEASE_MS + 1 });
      expect(await depth()).toBe(1);
      const last = (await f.claim("worker-5", T0 + LEASE_MS + 60_000))!;
      expect(last).not.toBeNull();
      expect(await depth()).toBe(0);
      await f.complete(last, f.images(1), "worker-5", T0 + LEASE_MS + 60_000);
      expect(await depth()).toBe(0);
      expect(await pendingRows(workspaces)).toBe(0);
    });

    it("drops jobs that fail stale", async () => {
      const f = fixture();
      const actor = await f.actor();
      await f.submit(actor, { now: T0 });
      await f.submit(actor, { now: T0 + 10_000 });
      expect(await f.store.jobs.queueDepth()).toBe(2);
      expect(await f.store.jobs.failStale(T0 + 1, T0 + 20_000)).toHaveLength(1);
      expect(await f.store.jobs.queueDepth()).toBe(1);
    });
  });
}
