import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../core/ports/image-provider.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";

const unavailable = () => new ProviderError("PROVIDER_UNAVAILABLE", "503 from provider", { retryable: true });

describe("engine: a job's life", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  async function balance(workspace = "w1") {
    const ws = await h.store.workspaces.findByExternal("discord", workspace);
    return ws!.balance;
  }

  it("runs a job end to end: charged once, image stored, usage recorded, notifier told", async () => {
    const seen: JobView[] = [];
    h.engine.register({ platform: "test", deliver: async (v) => void seen.push(v) });
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: "interaction-1",
      channelKey: "discord:w1/c1",
      replyTarget: { platform: "test" },
      request: { prompt: "a red fox", count: 2 },
    });
    expect(submitted.ok).toBe(true);
    if (!submitted.ok) return;
    expect(submitted.value).toMatchObject({ price: 2, position: 1, duplicate: false });
    h.engine.start();
    const job = await h.settled(submitted.value.job.id);
    expect(job).toMatchObject({ status: "completed", attempts: 1, creditsCharged: 2, creditsRefunded: 0 });
    expect(await balance()).toBe(8);
    const images = await h.store.images.listForJob(job.id);
    expect(images).toHaveLength(2);
    for (const image of images) expect((await h.storage.get(image.storageKey))?.bytes.byteLength).toBeGreaterThan(8);
    await h.engine.delivery.idle();
    expect(seen.map((v) => v.job.status)).toContain("processing");
    expect(seen.at(-1)).toMatchObject({ job: { status: "completed" }, images: expect.any(Array) });
    expect(seen.at(-1)!.images).toHaveLength(2);
  });

  it("is idempotent on the platform event id: the same interaction never charges twice", async () => {
    const first = await imagine(h, "a lighthouse", { key: "evt-7" });
    const again = await imagine(h, "a lighthouse", { key: "evt-7" });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value.job.id).toBe(first.value.job.id);
    expect(again.value.duplicate).toBe(true);
    expect(await balance()).toBe(9);
    expect(await h.store.jobs.list({ workspaceId: first.value.job.workspaceId, limit: 10 })).toHaveLength(1);
  });

  it("retries a retryable failure after an exponential backoff, then succeeds", async () => {
    h.provider().script({ error: unavailable() }, { images: 1 });
    const s = await imagine(h, "a storm");
    if (!s.ok) throw new Error(s.error.message);
    const failedAt = h.clock.now();
    h.engine.start();
    const waiting = await h.waitForJob(s.value.job.id, (j) => j.status === "pending" && j.attempts === 1);
    // attempt 1 failed: ceiling 2 s, jitter at its midpoint -> 1.5 s
    expect(waiting.nextRunAt).toBe(failedAt + 1_500);
    expect(waiting.errorCode).toBe("PROVIDER_UNAVAILABLE");
    await new Promise((r) => setTimeout(r, 50));
    expect((await h.store.jobs.get(s.value.job.id))!.status).toBe("pending");
    h.clock.advance(1_500);
    const done = await h.settled(s.value.job.id);
    expect(done).toMatchObject({ status: "completed", attempts: 2, creditsRefunded: 0 });
    expect(h.provider().calls).toHaveLength(2);
  });

  it("honours a provider's Retry-After when it is longer than the backoff", async () => {
    h.provider().script({ error: new ProviderError("PROVIDER_RATE_LIMITED", "429", { retryable: true, retryAfterMs: 20_000 }) }, { images: 1 });
    const s = await imagine(h, "rain");
    if (!s.ok) throw new Error(s.error.message);
    const at = h.clock.now();
    h.engine.start();
    const waiting = await h.waitForJob(s.value.job.id, (j) => j.status === "pending" && j.attempts === 1);
    expect(waiting.nextRunAt).toBe(at + 20_000);
  });

  it("fails a permanent error at once and refunds in full", async () => {
    h.provider().script({
      error: new ProviderError("CONTENT_POLICY", "refused", { retryable: false, userMessage: "The image service refused this prompt." }),
    });
    const s = await imagine(h, "something refused", { count: 3 });
    if (!s.ok) throw new Error(s.error.message);
    expect(await balance()).toBe(7);
    h.engine.start();
    const job = await h.settled(s.value.job.id);
    expect(job).toMatchObject({ status: "failed", errorCode: "CONTENT_POLICY", creditsRefunded: 3, attempts: 1 });
    expect(job.errorMessage).toBe("The image service refused this prompt.");
    expect(await balance()).toBe(10);
    expect(h.provider().calls).toHaveLength(1);
  });

  it("gives up after the last attempt and refunds", async () => {
    h.provider().script({ error: unavailable() });
    const s = await imagine(h, "never works");
    if (!s.ok) throw new Error(s.error.message);
    h.engine.start();
    for (let attempt = 1; attempt < 3; attempt++) {
      await h.waitForJob(s.value.job.id, (j) => j.status === "pending" && j.attempts === attempt);
      h.clock.advance(60_000);
    }
    const job = await h.settled(s.value.job.id);
    expect(job).toMatchObject({ status: "failed", attempts: 3, creditsRefunded: 1 });
    expect(await balance()).toBe(10);
  });

  it("refunds the missing images when a provider returns fewer than asked for", async () => {
    h.provider().script({ images: 2 });
    const s = await imagine(h, "four cats", { count: 4 });
    if (!s.ok) throw new Error(s.error.message);
    h.engine.start();
    const job = await h.settled(s.value.job.id);
    expect(job).toMatchObject({ status: "completed", creditsCharged: 4, creditsRefunded: 2 });
    expect(await h.store.images.listForJob(job.id)).toHaveLength(2);
    expect(await balance()).toBe(8);
  });
});
