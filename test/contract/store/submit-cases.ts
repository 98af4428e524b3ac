import { describe, expect, it } from "vitest";
import { utcDay } from "../../../core/domain/usage.ts";
import { DAY, Fixture, NO_LIMITS, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

export function submitCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("jobs.submit", () => {
    it("charges, inserts a pending job, counts usage and reports the queue position", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const input = f.newJob(actor, { count: 2, price: 4, idempotencyKey: "discord:1", replyTarget: { platform: "discord", token: "t" } });
      const first = unwrap(await f.store.jobs.submit(input, NO_LIMITS));
      const second = unwrap(await f.store.jobs.submit(f.newJob(actor, { price: 1 }), NO_LIMITS));

      expect(first).toMatchObject({ position: 1, duplicate: false });
      expect(second.position).toBe(2);
      expect(second.job.seq).toBeGreaterThan(first.job.seq);
      expect(first.job).toMatchObject({
        id: input.id,
        workspaceId: actor.workspace.id,
        userId: actor.user.id,
        memberId: actor.member.id,
        status: "pending",
        prompt: input.prompt,
        count: 2,
        creditsCharged: 4,
        creditsRefunded: 0,
        attempts: 0,
        maxAttempts: 3,
        leaseOwner: null,
        nextRunAt: T0,
        createdAt: T0,
        startedAt: null,
        finishedAt: null,
        replyTarget: { platform: "discord", token: "t" },
      });
      expect(await f.store.jobs.get(input.id)).toEqual(first.job);
      expect(await f.store.jobs.position(input.id)).toBe(1);
      expect(await f.balance(actor.workspace.id)).toBe(5);
      const charge = (await f.store.credits.list(actor.workspace.id, 10)).find((e) => e.jobId === input.id);
      expect(charge).toMatchObject({ kind: "charge", amount: -4, userId: actor.user.id, dedupeKey: `charge:${input.id}` });
      const [usage] = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: utcDay(T0), toDate: utcDay(T0) });
      expect(usage).toMatchObject({ userId: actor.user.id, requested: 2, creditsCharged: 5, completed: 0 });
    });

    it("puts a new job behind its own workspace's pending jobs only, after claims, completions and cancels", async () => {
      const f = fixture();
      const actor = await f.actor();
      const other = await f.actor();
      const done = await f.running(actor);
      await f.complete(done, f.images(1));
      await f.running(actor, "worker-2");
      const cancelled = await f.submit(actor);
      unwrap(await f.store.jobs.cancel(cancelled.id, T0 + 1));
      await f.submit(other);
      await f.submit(actor);

      const submitted = unwrap(await f.store.jobs.submit(f.newJob(actor), NO_LIMITS));
      expect(submitted.position).toBe(2);
      expect(await f.store.jobs.position(submitted.job.id)).toBe(2);
    });

    it("returns the first job for a repeated idempotency key and charges once", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const input = f.newJob(actor, { idempotencyKey: "discord:interaction-1", price: 3 });
      const first = unwrap(await f.store.jobs.submit(input, NO_LIMITS));
      const again = unwrap(await f.store.jobs.submit(f.newJob(actor, { idempotencyKey: "discord:interaction-1", price: 3 }), NO_LIMITS));

      expect(again).toEqual({ ...first, duplicate: true });
      expect(await f.balance(actor.workspace.id)).toBe(7);
      expect(await f.jobs(actor.workspace.id)).toHaveLength(1);
    });

    it("scopes idempotency keys to the workspace", async () => {
      const f = fixture();
      const [a, b] = [await f.actor(), await f.actor()];
      const one = await f.submit(a, { idempotencyKey: "api:same" });
      const two = await f.submit(b, { idempotencyKey: "api:same" });
      expect(two.id).not.toBe(one.id);
    });

    it("rejects a banned member without changing anything", async () => {
      const f = fixture();
      const actor = await f.actor();
      await f.store.workspaces.updateMember(actor.member.id, { banned: true });
      const before = await f.snapshot(actor.workspace.id);
      expect(rejection(await f.store.jobs.submit(f.newJob(actor), NO_LIMITS)).code).toBe("BANNED");
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);
    });

    it("rejects a price above the balance with both numbers, without changing anything", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      await f.submit(actor, { price: 8 });
      const before = await f.snapshot(actor.workspace.id);
      const refused = rejection(await f.store.jobs.submit(f.newJob(actor, { price: 4 }), NO_LIMITS));
      expect(refused).toMatchObject({ code: "INSUFFICIENT_CREDITS", details: { balance: 2, price: 4 } });
      expect(refused.message).toMatch(/\S/);
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);
    });

    it("enforces the daily cap on net credits spent that UTC day", async () => {
      const f = fixture();
      const actor = await f.actor();
      const limits = { ...NO_LIMITS, dailyCap: 5 };
      const first = await f.submit(actor, { price: 3 }, limits);
      const before = await f.snapshot(actor.workspace.id);
      const refused = rejection(await f.store.jobs.submit(f.newJob(actor, { price: 3 }), limits));
      expect(refused).toMatchObject({ code: "DAILY_CAP", details: { cap: 5, spent: 3, price: 3 } });
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);

      unwrap(await f.store.jobs.cancel(first.id, T0 + 1));
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, utcDay(T0))).toBe(0);
      await f.submit(actor, { price: 3 }, limits);
      await f.submit(actor, { price: 3, now: T0 + DAY }, limits);
    });

    it("enforces the member's queue cap on pending jobs only, without changing anything", async () => {
      const f = fixture();
      const actor = await f.actor();
      const limits = { maxQueuedPerMember: 2, dailyCap: null };
      await f.submit(actor, {}, limits);
      await f.submit(actor, {}, limits);
      const before = await f.snapshot(actor.workspace.id);
      expect(rejection(await f.store.jobs.submit(f.newJob(actor), limits))).toMatchObject({ code: "QUEUE_FULL", details: { max: 2 } });
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);

      await f.claim("worker-1");
      await f.submit(actor, {}, limits);
      const colleague = await f.member(actor.workspace);
      await f.submit(colleague, {}, limits);
    });

    it("accepts exactly what the balance covers when 50 submits race", async () => {
      const f = fixture();
      const [byThree, byTwo] = [await f.actor("FREE"), await f.actor("FREE")];
      const race = (actor: typeof byThree, price: number) =>
        Promise.all(Array.from({ length: 50 }, () => f.store.jobs.submit(f.newJob(actor, { price }), NO_LIMITS)));
      const [three, two] = await Promise.all([race(byThree, 3), race(byTwo, 2)]);

      expect(three.filter((r) => r.ok)).toHaveLength(3);
      expect(two.filter((r) => r.ok)).toHaveLength(5);
      expect(new Set([...three, ...two].filter((r) => !r.ok).map((r) => rejection(r).code))).toEqual(new Set(["INSUFFICIENT_CREDITS"]));
      expect(await f.balance(byThree.workspace.id)).toBe(1);
      expect(await f.balance(byTwo.workspace.id)).toBe(0);
      for (const actor of [byThree, byTwo]) {
        expect(await f.store.credits.ledgerSum(actor.workspace.id)).toBe(await f.balance(actor.workspace.id));
      }
      expect(await f.jobs(byThree.workspace.id)).toHaveLength(3);
      expect(await f.jobs(byTwo.workspace.id)).toHaveLength(5);
    });

    it("lists jobs newest first, filtered by user and status", async () => {
      const f = fixture();
      const actor = await f.actor();
      const colleague = await f.member(actor.workspace);
      const [a, b, c] = [await f.submit(actor), await f.submit(colleague), await f.submit(actor)];
      await f.claim("worker-1");

      expect((await f.jobs(actor.workspace.id)).map((j) => j.id)).toEqual([c.id, b.id, a.id]);
      expect((await f.store.jobs.list({ workspaceId: actor.workspace.id, limit: 2 })).map((j) => j.id)).toEqual([c.id, b.id]);
      expect(
        (await f.store.jobs.list({ workspaceId: actor.workspace.id, userId: actor.user.id, limit: 10 })).map((j) => j.id),
      ).toEqual([c.id, a.id]);
      expect((await f.jobs(actor.workspace.id, "processing")).map((j) => j.id)).toEqual([a.id]);
      expect(
        (await f.store.jobs.list({ workspaceId: actor.workspace.id, userId: actor.user.id, status: "pending", limit: 10 })).map((j) => j.id),
      ).toEqual([c.id]);
    });

    it("stores a reply target set later and answers the job's status as of that write, and knows nothing of unknown jobs", async () => {
      const f = fixture();
      const job = await f.submit(await f.actor());
      expect(await f.store.jobs.setReplyTarget(job.id, { platform: "slack", channel: "C1", ts: "1.2" })).toBe("pending");
      expect((await f.store.jobs.get(job.id))?.replyTarget).toEqual({ platform: "slack", channel: "C1", ts: "1.2" });
      expect(await f.store.jobs.cancel(job.id, T0 + 1)).toMatchObject({ ok: true });
      expect(await f.store.jobs.setReplyTarget(job.id, { platform: "slack", channel: "C1", ts: "1.3" })).toBe("cancelled");
      expect(await f.store.jobs.setReplyTarget("job_missing", { platform: "slack", channel: "C1", ts: "1.4" })).toBeNull();
      expect(await f.store.jobs.get("job_missing")).toBeNull();
      expect(await f.store.jobs.position("job_missing")).toBeNull();
    });
  });
}
