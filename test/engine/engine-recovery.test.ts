import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLANS } from "../../core/domain/plans.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";

describe("engine: crashes, cancels and the queue's age", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  const claimAs = async (workerId: string) =>
    (
      await h.store.jobs.claim({
        workerId,
        now: h.clock.now(),
        leaseMs: h.options.leaseMs,
        providers: ["local"],
        maxRunningPerMember: (plan) => PLANS[plan].maxRunningPerMember,
      })
    )?.job;

  it("re-queues a job whose worker died, and the dead worker can no longer settle it", async () => {
    const s = await imagine(h, "orphan");
    if (!s.ok) throw new Error(s.error.message);
    const claimed = await claimAs("dead-worker");
    expect(claimed?.id).toBe(s.value.job.id);

    h.clock.advance(h.options.leaseMs + 1);
    await h.engine.housekeeping();
    expect((await h.store.jobs.get(s.value.job.id))!.status).toBe("pending");

    h.engine.start();
    const job = await h.settled(s.value.job.id);
    expect(job).toMatchObject({ status: "completed", attempts: 2, leaseOwner: null });

    const stale = await h.store.jobs.complete({
      jobId: job.id,
      workerId: "dead-worker",
      images: [],
      providerMs: 1,
      uploadMs: 1,
      providerCostUsd: null,
      now: h.clock.now(),
    });
    expect(stale).toBeNull();
    expect(await h.store.jobs.heartbeat(job.id, "dead-worker", h.clock.now() + 1000)).toBe(false);
    expect((await h.store.images.listForJob(job.id)).length).toBe(1);
  });

  it("lets the requester or an admin cancel a queued job, refunding it", async () => {
    const s = await imagine(h, "cancel me", { count: 2 });
    if (!s.ok) throw new Error(s.error.message);
    const stranger = await h.engine.cancel(h.actor("u2"), s.value.job.id);
    expect(stranger).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const otherWorkspace = await h.engine.cancel(h.actor("u1", "w2"), s.value.job.id);
    expect(otherWorkspace).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });

    const cancelled = await h.engine.cancel(h.actor("u1"), s.value.job.id);
    expect(cancelled).toMatchObject({ ok: true, value: { status: "cancelled", creditsRefunded: 2 } });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(10);
    expect(await h.engine.cancel(h.actor("u1"), s.value.job.id)).toMatchObject({ ok: false, error: { code: "NOT_CANCELLABLE" } });

    const second = await imagine(h, "admin cancels", {});
    if (!second.ok) throw new Error(second.error.message);
    expect(await h.engine.cancel(h.actor("boss", "w1", true), second.value.job.id)).toMatchObject({ ok: true });
  });

  it("fails and refunds a job that waited past the maximum queue age", async () => {
    const s = await imagine(h, "too late", { count: 2 });
    if (!s.ok) throw new Error(s.error.message);
    h.clock.advance(h.options.maxQueueAgeMs - 1);
    await h.engine.housekeeping();
    expect((await h.store.jobs.get(s.value.job.id))!.status).toBe("pending");
    h.clock.advance(2);
    await h.engine.housekeeping();
    expect(await h.store.jobs.get(s.value.job.id)).toMatchObject({ status: "failed", errorCode: "QUEUE_TIMEOUT", creditsRefunded: 2 });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(10);
  });

  it("on shutdown releases an in-flight job to the queue without spending an attempt", async () => {
    h.provider().script({ hang: true });
    const s = await imagine(h, "slow");
    if (!s.ok) throw new Error(s.error.message);
    h.engine.start();
    await h.waitForJob(s.value.job.id, (j) => j.status === "processing");
    await h.engine.stop(20);
    expect(await h.store.jobs.get(s.value.job.id)).toMatchObject({ status: "pending", attempts: 0, leaseOwner: null });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(9);
  });

  it("turns requests away before charging anything", async () => {
    const blocked = await imagine(h, "a snuff film");
    expect(blocked).toMatchObject({ ok: false, error: { code: "BLOCKED_PROMPT" } });
    const unknown = await imagine(h, "fox", { model: "dall-e-3" });
    expect(unknown).toMatchObject({ ok: false, error: { code: "UNKNOWN_MODEL" } });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(10);

    for (let i = 0; i < 2; i++) expect((await imagine(h, `four ${i}`, { count: 4 })).ok).toBe(true);
    const broke = await imagine(h, "one more", { count: 4 });
    expect(broke).toMatchObject({ ok: false, error: { code: "INSUFFICIENT_CREDITS", details: { balance: 2, price: 4 } } });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(2);
  });
});

describe("engine: privacy", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  it("shows a private job only to its owner and admins", async () => {
    const s = await h.engine.submit({
      actor: h.actor("owner"),
      source: "discord",
      idempotencyKey: null,
      channelKey: "discord:w1/c1",
      replyTarget: null,
      request: { prompt: "my secret sketch", private: true },
    });
    if (!s.ok) throw new Error(s.error.message);
    expect(await h.engine.view(h.actor("owner"), s.value.job.id)).toMatchObject({ ok: true });
    expect(await h.engine.view(h.actor("admin", "w1", true), s.value.job.id)).toMatchObject({ ok: true });
    expect(await h.engine.view(h.actor("neighbour"), s.value.job.id)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // Buttons under someone else's private job neither copy its prompt nor save its images.
    const rerun = await h.engine.rerun(h.actor("neighbour"), s.value.job.id, "regenerate", { source: "discord", idempotencyKey: null, channelKey: null, replyTarget: null });
    expect(rerun).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await h.engine.saveToCollection(h.actor("neighbour"), s.value.job.id)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await h.engine.saveToCollection(h.actor("owner"), s.value.job.id)).toMatchObject({ ok: true });
  });
});

describe("engine: storage quota", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  it("refuses new jobs, charging nothing, once the workspace's storage is full", async () => {
    const first = await imagine(h, "fills the disk");
    if (!first.ok) throw new Error(first.error.message);
    const quota = first.value.resolved.workspace.storageQuotaBytes;
    const claimed = await h.store.jobs.claim({
      workerId: "w",
      now: h.clock.now(),
      leaseMs: 60_000,
      providers: ["local"],
      maxRunningPerMember: () => 1,
    });
    await h.store.jobs.complete({
      jobId: claimed!.job.id,
      workerId: "w",
      images: [{ id: "img_full", index: 0, storageKey: "k/full.png", url: "u", contentType: "image/png", width: 1, height: 1, bytes: quota }],
      providerMs: 1,
      uploadMs: 1,
      providerCostUsd: null,
      now: h.clock.now(),
    });
    const balance = (await h.store.workspaces.findByExternal("discord", "w1"))!.balance;
    const refused = await imagine(h, "one more");
    expect(refused).toMatchObject({ ok: false, error: { code: "STORAGE_FULL", details: { used: quota, quota } } });
    expect((await h.store.workspaces.findByExternal("discord", "w1"))!.balance).toBe(balance);
  });
});

describe("engine: a completion whose answer is lost", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  it("keeps the images when the store committed but the call still failed", async () => {
    const complete = h.store.jobs.complete.bind(h.store.jobs);
    h.store.jobs.complete = async (input) => {
      await complete(input);
      throw new Error("connection reset after commit");
    };
    const s = await imagine(h, "kept despite the error");
    if (!s.ok) throw new Error(s.error.message);
    h.engine.start();
    const job = await h.settled(s.value.job.id);
    expect(job.status).toBe("completed");
    const [image] = await h.store.images.listForJob(job.id);
    expect(await h.storage.get(image!.storageKey)).not.toBeNull();
  });
});
