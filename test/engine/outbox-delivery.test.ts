import { afterEach, describe, expect, it } from "vitest";
import { DELIVERY_LEASE_MS, FIRST_DELIVERY_GRACE_MS } from "../../core/domain/rules/delivery.ts";
import type { JobStatus } from "../../core/domain/job.ts";
import { Engine } from "../../core/engine/engine.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";
import { engineHarness } from "../support/engine-harness.ts";

/** The network edge of a front end: records what it was asked to show, and can be down. */
class RecordingNotifier implements Notifier {
  readonly platform = "test";
  down = false;
  readonly shown: JobStatus[] = [];
  async deliver(view: JobView): Promise<void> {
    if (this.down) throw new Error("platform unreachable");
    this.shown.push(view.job.status);
  }
}

describe("outbox delivery in the engine (#14)", () => {
  let h: Awaited<ReturnType<typeof engineHarness>>;
  afterEach(async () => h.cleanup());

  async function finishedJob(notifier: Notifier): Promise<string> {
    h.engine.register(notifier);
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: "interaction-1",
      channelKey: "discord:w1/c1",
      replyTarget: { platform: "test" },
      request: { prompt: "a red fox", count: 1 },
    });
    if (!submitted.ok) throw new Error(submitted.error.code);
    h.engine.start();
    await h.settled(submitted.value.job.id);
    await h.engine.delivery.idle();
    return submitted.value.job.id;
  }

  it("a delivery a notifier here shows reads the job fresh even when handed a snapshot: the notifier's saved progress lives in the reply target", async () => {
    // Like Slack's uploads: each image is uploaded once and recorded in the reply target.
    class UploadingNotifier implements Notifier {
      readonly platform = "test";
      uploads = 0;
      async deliver(view: JobView): Promise<void> {
        const done = (view.job.replyTarget?.uploaded as string[] | undefined) ?? [];
        const missing = view.images.filter((image) => !done.includes(image.id));
        this.uploads += missing.length;
        if (missing.length) await h.store.jobs.setReplyTarget(view.job.id, { platform: "test", uploaded: [...done, ...missing.map((i) => i.id)] });
      }
    }
    h = await engineHarness();
    const notifier = new UploadingNotifier();
    const jobId = await finishedJob(notifier);
    expect(notifier.uploads).toBe(1);
    // A snapshot taken before that upload was recorded (the completion's answer) comes late.
    const before = { ...(await h.store.jobs.get(jobId))!, replyTarget: { platform: "test" } };
    await h.engine.delivery.deliver(jobId, { snapshot: { job: before, images: await h.store.images.listForJob(jobId) } });
    expect(notifier.uploads).toBe(1);
  });

  it("a final state the notifier showed is marked delivered, and no later pass delivers it again", async () => {
    h = await engineHarness();
    const notifier = new RecordingNotifier();
    const jobId = await finishedJob(notifier);
    expect(notifier.shown.filter((s) => s === "completed")).toHaveLength(1);
    expect(await h.store.outbox.get(jobId)).toMatchObject({ deliveredAt: h.clock.now() });

    h.clock.advance(FIRST_DELIVERY_GRACE_MS + DELIVERY_LEASE_MS);
    await h.engine.housekeeping();
    await h.engine.delivery.idle();
    expect(notifier.shown.filter((s) => s === "completed")).toHaveLength(1);
  });

  it("a final state the platform refused stays in the outbox; after the grace a janitor pass delivers it once", async () => {
    h = await engineHarness();
    const notifier = new RecordingNotifier();
    notifier.down = true;
    const jobId = await finishedJob(notifier);
    expect(await h.store.outbox.get(jobId)).toMatchObject({ deliveredAt: null });

    notifier.down = false;
    await h.engine.housekeeping();
    await h.engine.delivery.idle();
    expect(notifier.shown).toEqual([]);

    h.clock.advance(FIRST_DELIVERY_GRACE_MS);
    await h.engine.housekeeping();
    await h.engine.delivery.idle();
    expect(notifier.shown).toEqual(["completed"]);
    expect(await h.store.outbox.get(jobId)).toMatchObject({ deliveredAt: h.clock.now(), leaseOwner: "worker-test" });

    h.clock.advance(DELIVERY_LEASE_MS);
    await h.engine.housekeeping();
    await h.engine.delivery.idle();
    expect(notifier.shown).toEqual(["completed"]);
  });

  it("a process without the platform's notifier leaves the row to a process that has one", async () => {
    h = await engineHarness();
    const notifier = new RecordingNotifier();
    notifier.down = true;
    const jobId = await finishedJob(notifier);
    const other = new Engine({ ...h.options, workerId: "no-notifiers" });
    h.clock.advance(FIRST_DELIVERY_GRACE_MS);
    await other.housekeeping();
    await other.delivery.idle();
    expect(await h.store.outbox.get(jobId)).toMatchObject({ leaseOwner: null, deliveredAt: null });
    await other.stop(0);
  });
});
