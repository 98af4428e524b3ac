import { describe, expect, it } from "vitest";
import { adminOf } from "../../../core/ports/store-admin.ts";
import { Fixture, rejection, T0, unwrap, type Actor, type StoreRef } from "./fixtures.ts";

/** Issue #19: a job that starts from an image keeps the key of its own stored copy and its strength. */
export function inputImageCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("job input image (inputImageKey)", () => {
    it("a job keeps its input image key and strength through submit, claim, completion and listing", async () => {
      const f = fixture();
      const actor = await f.actor();
      const key = `${actor.workspace.id}/2026-11-26/job_x-input-64x48-abc.png`;
      const job = await f.running(actor, "worker-1", { inputImageKey: key, strength: 0.35 });
      expect(job).toMatchObject({ inputImageKey: key, strength: 0.35 });
      await f.complete(job, f.images(1));
      expect(await f.store.jobs.get(job.id)).toMatchObject({ status: "completed", inputImageKey: key, strength: 0.35 });
      const [listed] = await f.jobs(actor.workspace.id);
      expect(listed).toMatchObject({ inputImageKey: key, strength: 0.35 });
    });

    it("a job without an input image (or from a caller that sends neither field) has null for both", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.submit(actor, { now: T0 });
      expect(job.inputImageKey).toBeNull();
      expect(job.strength).toBeNull();
      expect((await f.store.jobs.get(job.id))?.inputImageKey).toBeNull();
    });
  });

  describe("input copy storage (issue #19): counted at submit, released when the copy goes", () => {
    /** A key as the engine makes it: the copy's byte size rides in it (core/engine/input-image-key.ts). */
    const inputKey = (actor: Actor, bytes: number) => `${actor.workspace.id}/2026-11-26/job_x-input-64x48-${bytes}b-abc.png`;
    const totals = async (f: Fixture, actor: Actor) => ({
      workspace: (await f.store.workspaces.get(actor.workspace.id))!.storageUsedBytes,
      user: await adminOf(f.store)!.userStorageBytes(actor.user.id),
    });

    it("an input copy's bytes count toward the workspace's and the user's storage at submit, with the charge", async () => {
      const f = fixture();
      const actor = await f.actor();
      await f.submit(actor, { inputImageKey: inputKey(actor, 5_000), strength: 0.5 });
      expect(await totals(f, actor)).toEqual({ workspace: 5_000, user: 5_000 });
      // A job without an input, and a key made before sizes were counted, add nothing.
      await f.submit(actor);
      await f.submit(actor, { inputImageKey: `${actor.workspace.id}/2026-11-26/job_y-input-64x48-abc.png`, strength: 0.5 });
      expect(await totals(f, actor)).toEqual({ workspace: 5_000, user: 5_000 });
    });

    it("a submit is refused (STORAGE_FULL) from the store's own reads once the workspace's storage is used up, charging nothing", async () => {
      const f = fixture();
      const actor = await f.actor();
      const quota = (await f.store.workspaces.get(actor.workspace.id))!.storageQuotaBytes;
      await f.submit(actor, { inputImageKey: inputKey(actor, quota), strength: 0.5 });
      const balance = (await f.store.workspaces.get(actor.workspace.id))!.balance;
      const refused = await f.store.jobs.submit(f.newJob(actor), { maxQueuedPerMember: 1_000, dailyCap: null });
      expect(rejection(refused)).toMatchObject({ code: "STORAGE_FULL", details: { used: quota, quota } });
      expect((await f.store.workspaces.get(actor.workspace.id))!.balance).toBe(balance);
      expect(await f.store.jobs.list({ workspaceId: actor.workspace.id, limit: 10 })).toHaveLength(1);
    });

    it("a refused or repeated submit counts no input bytes", async () => {
      const f = fixture();
      const actor = await f.actor();
      const first = await f.submit(actor, { idempotencyKey: "discord:evt-1", inputImageKey: inputKey(actor, 3_000), strength: 0.5 });
      const again = unwrap(await f.store.jobs.submit(f.newJob(actor, { idempotencyKey: "discord:evt-1", inputImageKey: inputKey(actor, 7_000), strength: 0.5 }), { maxQueuedPerMember: 1_000, dailyCap: null }));
      expect(again).toMatchObject({ duplicate: true, job: { id: first.id } });
      const refused = await f.store.jobs.submit(f.newJob(actor, { inputImageKey: inputKey(actor, 9_000), strength: 0.5 }), { maxQueuedPerMember: 1, dailyCap: null });
      expect(rejection(refused).code).toBe("QUEUE_FULL");
      expect(await totals(f, actor)).toEqual({ workspace: 3_000, user: 3_000 });
    });

    it("releasing a finished job's input copy clears inputImageKey and gives its bytes back, once", async () => {
      const f = fixture();
      const actor = await f.actor();
      const key = inputKey(actor, 4_000);
      const job = await f.running(actor, "worker-1", { inputImageKey: key, strength: 0.5 });
      await f.complete(job, f.images(2, 1_000));
      expect(await totals(f, actor)).toEqual({ workspace: 6_000, user: 6_000 });
      const released = await f.store.jobs.releaseInputImage(job.id, key, T0 + 1);
      expect(released).toMatchObject({ id: job.id, status: "completed", inputImageKey: null, strength: 0.5 });
      expect((await f.store.jobs.get(job.id))?.inputImageKey).toBeNull();
      expect(await totals(f, actor)).toEqual({ workspace: 2_000, user: 2_000 });
      // A second press finds nothing to release.
      expect(await f.store.jobs.releaseInputImage(job.id, key, T0 + 2)).toBeNull();
      expect(await totals(f, actor)).toEqual({ workspace: 2_000, user: 2_000 });
    });

    it("releasing an input copy changes nothing for a queued job, another key or an unknown job", async () => {
      const f = fixture();
      const actor = await f.actor();
      const key = inputKey(actor, 4_000);
      const job = await f.submit(actor, { inputImageKey: key, strength: 0.5 });
      expect(await f.store.jobs.releaseInputImage(job.id, key, T0 + 1)).toBeNull();
      expect(await f.store.jobs.releaseInputImage(job.id, inputKey(actor, 1), T0 + 1)).toBeNull();
      expect(await f.store.jobs.releaseInputImage("job_unknown", key, T0 + 1)).toBeNull();
      expect((await f.store.jobs.get(job.id))?.inputImageKey).toBe(key);
      expect(await totals(f, actor)).toEqual({ workspace: 4_000, user: 4_000 });
    });
  });
}
