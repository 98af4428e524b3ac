import { describe, expect, it } from "vitest";
import type { Job } from "../../../core/domain/job.ts";
import { Fixture, LEASE_MS, NO_LIMITS, T0, unwrap, type StoreRef } from "./fixtures.ts";

export function claimCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  async function claimAll(f: Fixture, now = T0): Promise<Job[]> {
    const claimed: Job[] = [];
    for (let job = await f.claim("worker-1", now); job; job = await f.claim("worker-1", now)) claimed.push(job);
    return claimed;
  }

  describe("jobs.claim", () => {
    it("answers the workspace's NSFW policy as of the claim: a switch made while the job waited reaches it", async () => {
      const f = fixture();
      const actor = await f.actor();
      const first = await f.submit(actor);
      const second = await f.submit(actor);
      const third = await f.submit(actor);
      expect(await f.lease("w", T0)).toMatchObject({ job: { id: first.id }, nsfw: "block" });
      await f.store.workspaces.updateSettings(actor.workspace.id, { nsfw: "allow" }, T0);
      expect(await f.lease("w", T0)).toMatchObject({ job: { id: second.id }, nsfw: "allow" });
      await f.store.workspaces.updateSettings(actor.workspace.id, { nsfw: "block" }, T0);
      expect(await f.lease("w", T0)).toMatchObject({ job: { id: third.id }, nsfw: "block" });
    });

    it("leases the job: processing, owner, expiry, first attempt, start time", async () => {
      const f = fixture();
      const job = await f.submit(await f.actor());
      const claimed = await f.claim("worker-7", T0 + 500);
      expect(claimed).toEqual({
        ...job,
        status: "processing",
        leaseOwner: "worker-7",
        leaseExpiresAt: T0 + 500 + LEASE_MS,
        attempts: 1,
        startedAt: T0 + 500,
      });
      expect(await f.store.jobs.position(job.id)).toBeNull();
      expect(await f.claim("worker-7", T0 + 500)).toBeNull();
    });

    it("is FIFO within a workspace and serves a newcomer workspace second at the latest", async () => {
      const f = fixture();
      const [busy, quiet] = [await f.actor(), await f.actor()];
      const busyJobs: Job[] = [];
      for (let i = 0; i < 10; i++) busyJobs.push(await f.submit(busy));
      const late = await f.submit(quiet);

      const order = (await claimAll(f)).map((j) => j.id);
      expect(order).toHaveLength(11);
      expect(order.indexOf(late.id)).toBeLessThanOrEqual(1);
      expect(order.filter((id) => id !== late.id)).toEqual(busyJobs.map((j) => j.id));
    });

    it("alternates between workspaces that both have work", async () => {
      const f = fixture();
      const [a, b] = [await f.actor(), await f.actor()];
      for (let i = 0; i < 3; i++) await f.submit(a);
      for (let i = 0; i < 3; i++) await f.submit(b);
      const workspaces = (await claimAll(f)).map((j) => j.workspaceId);
      expect(workspaces).toHaveLength(6);
      for (let i = 1; i < workspaces.length; i++) expect(workspaces[i]).not.toBe(workspaces[i - 1]);
    });

    it("skips members at their plan's running cap", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const colleague = await f.member(actor.workspace);
      const [first, second] = [await f.submit(actor), await f.submit(actor)];
      const theirs = await f.submit(colleague);
      const capped = { maxRunningPerMember: (plan: string) => (plan === "FREE" ? 1 : 100) };

      expect((await f.claim("worker-1", T0, capped))?.id).toBe(first.id);
      expect((await f.claim("worker-1", T0, capped))?.id).toBe(theirs.id);
      expect(await f.claim("worker-1", T0, capped)).toBeNull();
      await f.complete(first, f.images(1));
      expect((await f.claim("worker-1", T0, capped))?.id).toBe(second.id);
    });

    it("takes only jobs for the providers it is given", async () => {
      const f = fixture();
      const job = await f.submit(await f.actor(), { provider: "openai", model: "gpt-image-1" });
      expect(await f.claim("worker-1", T0, { providers: [] })).toBeNull();
      expect(await f.claim("worker-1", T0, { providers: ["local", "sd-webui"] })).toBeNull();
      expect((await f.claim("worker-1", T0, { providers: ["openai"] }))?.id).toBe(job.id);
    });

    it("waits for nextRunAt after a retryable failure", async () => {
      const f = fixture();
      const job = await f.running(await f.actor());
      await f.store.jobs.fail({ jobId: job.id, workerId: "worker-1", errorCode: "RATE_LIMITED", errorMessage: "slow down", retryAt: T0 + 5_000, now: T0 });
      expect(await f.claim("worker-2", T0 + 4_999)).toBeNull();
      expect(await f.claim("worker-2", T0 + 5_000)).toMatchObject({ id: job.id, attempts: 2, startedAt: T0, leaseOwner: "worker-2" });
    });

    it("counts queue positions down as jobs ahead leave the queue", async () => {
      const f = fixture();
      const actor = await f.actor();
      const jobs = [await f.submit(actor), await f.submit(actor), await f.submit(actor)];
      expect(await Promise.all(jobs.map((j) => f.store.jobs.position(j.id)))).toEqual([1, 2, 3]);
      await f.claim("worker-1");
      unwrap(await f.store.jobs.cancel(jobs[1]!.id, T0));
      expect(await f.store.jobs.position(jobs[2]!.id)).toBe(1);
      const next = unwrap(await f.store.jobs.submit(f.newJob(actor), NO_LIMITS));
      expect(next.position).toBe(2);
    });

    it("a queue position counts the pending jobs ahead in the job's own workspace, the same on every store", async () => {
      const f = fixture();
      const [busy, quiet] = [await f.actor(), await f.actor()];
      const busyJobs = [await f.submit(busy), await f.submit(busy), await f.submit(busy)];
      const quietJob = unwrap(await f.store.jobs.submit(f.newJob(quiet), NO_LIMITS));
      // Fair scheduling serves the quiet workspace next round, whatever waits elsewhere.
      expect(quietJob.position).toBe(1);
      expect(await Promise.all(busyJobs.map((j) => f.store.jobs.position(j.id)))).toEqual([1, 2, 3]);
      unwrap(await f.store.jobs.cancel(busyJobs[0]!.id, T0));
      expect(await f.store.jobs.position(busyJobs[2]!.id)).toBe(2);
      expect(await f.store.jobs.position(quietJob.job.id)).toBe(1);
    });
  });
}
