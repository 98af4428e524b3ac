import { describe, expect, it } from "vitest";
import { CLAIM_WINDOW } from "../../../core/domain/rules/claim.ts";
import { Fixture, T0, rejection, type StoreRef } from "./fixtures.ts";

/**
 * Where the two stores used to disagree (issue 16): how deep a claim looks, and that no port
 * call moves a job out of a final state. Both now take these decisions from core/domain/rules.
 */
export function rulesCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const capOne = { maxRunningPerMember: () => 1 };

  describe("claim depth (null only when nothing is runnable)", () => {
    it("finds a runnable job behind more blocked jobs than one window reads in its workspace", async () => {
      const f = fixture();
      const busy = await f.actor("PRO");
      const other = await f.member(busy.workspace);
      await f.running(busy);
      const blocked = CLAIM_WINDOW.jobsPerWorkspace + 2;
      for (let i = 0; i < blocked; i++) await f.submit(busy);
      const deep = await f.submit(other);
      expect((await f.claim("worker-2", T0, capOne))?.id).toBe(deep.id);
      expect(await f.claim("worker-2", T0, capOne)).toBeNull();
    });

    it("finds a runnable job in a workspace past the first window of workspaces", async () => {
      const f = fixture();
      // Each of these workspaces has one member generating and more of theirs queued behind the cap.
      for (let i = 0; i < CLAIM_WINDOW.workspaces + 1; i++) {
        const actor = await f.actor("PRO");
        await f.running(actor, "worker-1", { now: T0 });
        await f.submit(actor);
      }
      // Served last, so visited last: its job sits behind every blocked workspace.
      const late = await f.actor("PRO");
      await f.complete(await f.running(late), f.images(1));
      const job = await f.submit(late);
      expect((await f.claim("worker-2", T0, capOne))?.id).toBe(job.id);
      expect(await f.claim("worker-2", T0, capOne)).toBeNull();
    });
  });

  describe("job state machine on every move", () => {
    it("never moves a job out of a final state, whatever the port is asked", async () => {
      const f = fixture();
      const actor = await f.actor();
      const done = await f.running(actor);
      await f.complete(done, f.images(1));
      const cancelled = await f.submit(actor);
      expect((await f.store.jobs.cancel(cancelled.id, T0)).ok).toBe(true);
      for (const job of [(await f.store.jobs.get(done.id))!, (await f.store.jobs.get(cancelled.id))!]) {
        const balance = await f.balance(actor.workspace.id);
        expect(rejection(await f.store.jobs.cancel(job.id, T0))).toMatchObject({ code: "NOT_CANCELLABLE" });
        expect(await f.complete(job, f.images(1))).toBeNull();
        expect(await f.store.jobs.fail({ jobId: job.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: null, now: T0 })).toBeNull();
        expect(await f.store.jobs.release(job.id, "worker-1", T0, T0)).toBeNull();
        expect(await f.store.jobs.get(job.id)).toEqual(job);
        expect(await f.balance(actor.workspace.id)).toBe(balance);
      }
    });
  });
}
