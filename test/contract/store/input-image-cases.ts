import { describe, expect, it } from "vitest";
import { Fixture, T0, type StoreRef } from "./fixtures.ts";

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
}
