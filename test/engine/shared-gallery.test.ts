import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import { SharedGallery } from "../../core/engine/shared-gallery.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

const CHANNEL = "discord:w1/art";

/** The sharing rules behind /c/<token>, decided by the engine (issue 16); the HTML page only renders them. */
describe("engine.gallery: what a share link shows", () => {
  let h: EngineHarness;
  let token: string;
  let collectionId: string;
  let workspaceId: string;

  async function complete(prompt: string, extra: { private?: boolean } = {}): Promise<Job> {
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: null,
      channelKey: CHANNEL,
      replyTarget: null,
      request: { prompt, private: extra.private },
    });
    if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code}`);
    const job = await h.settled(submitted.value.job.id);
    if (job.status !== "completed") throw new Error(`job ${job.id} ended ${job.status}`);
    return job;
  }

  beforeAll(async () => {
    h = await engineHarness({ defaultPlan: "ENTERPRISE" });
    h.engine.start();
    for (const prompt of ["a lighthouse", "a fox", "a kite"]) await complete(prompt);
    await complete("my private sketch", { private: true });
    const shared = await h.engine.collectionPage(h.actor(), CHANNEL, "#art", 1);
    if (!shared.shareToken) throw new Error("sharing is off for the test workspace");
    token = shared.shareToken;
    collectionId = shared.collection.id;
    workspaceId = shared.collection.workspaceId;
  });
  afterAll(() => h.cleanup());

  it("shows a shared collection's public images, a page at a time, never a private one", async () => {
    const first = await h.engine.gallery.page(token, 1, 2);
    const second = await h.engine.gallery.page(token, 2, 2);
    expect(first).toMatchObject({ ok: true, value: { name: "#art", page: 1, pages: 2, total: 3 } });
    expect(second).toMatchObject({ ok: true, value: { page: 2, pages: 2, total: 3 } });
    const shown = [first, second].flatMap((r) => (r.ok ? r.value.images : []));
    expect(shown.map((i) => i.prompt).sort()).toEqual(["a fox", "a kite", "a lighthouse"]);
    expect(shown.every((i) => !i.private)).toBe(true);
  });

  it("every miss is the same NOT_FOUND: malformed, unknown or revoked token, sharing off, a page outside the collection", async () => {
    const misses = [
      await h.engine.gallery.page("short", 1, 2),
      await h.engine.gallery.page(`${token}/`, 1, 2),
      await h.engine.gallery.page(randomBytes(18).toString("base64url"), 1, 2),
      await h.engine.gallery.page(token, 3, 2),
      await h.engine.gallery.page(token, 0, 2),
    ];
    const reissued = randomBytes(18).toString("base64url");
    await h.store.collections.setShareToken(collectionId, reissued, h.clock.now());
    try {
      misses.push(await h.engine.gallery.page(token, 1, 2));
      expect((await h.engine.gallery.page(reissued, 1, 2)).ok).toBe(true);
      await h.store.workspaces.updateSettings(workspaceId, { sharingEnabled: false }, h.clock.now());
      misses.push(await h.engine.gallery.page(reissued, 1, 2));
    } finally {
      await h.store.workspaces.updateSettings(workspaceId, { sharingEnabled: true }, h.clock.now());
      await h.store.collections.setShareToken(collectionId, token, h.clock.now());
    }
    expect(misses).toHaveLength(7);
    for (const miss of misses) expect(miss).toEqual({ ok: false, error: { code: "NOT_FOUND", message: "No shared collection here." } });
    expect((await h.engine.gallery.page(token, 1, 2)).ok).toBe(true);
  });

  it("leaves out, and logs, a private image a faulty store lists for a shared page", async () => {
    const [privateJob] = (await h.store.jobs.list({ workspaceId, limit: 10 })).filter((j) => j.private);
    const [secret] = await h.store.images.listForJob(privateJob!.id);
    const leaky = {
      workspaces: h.store.workspaces,
      collections: {
        ...h.store.collections,
        listImages: async (id: string, page: { offset: number; limit: number }) => {
          const listed = await h.store.collections.listImages(id, page);
          return { images: [secret!, ...listed.images], total: listed.total };
        },
      },
    };
    const errors: unknown[] = [];
    const logger = { error: (fields: unknown) => void errors.push(fields) } as unknown as Logger;
    const page = await new SharedGallery(leaky, logger).page(token, 1, 8);
    expect(page.ok && page.value.images.map((i) => i.id)).not.toContain(secret!.id);
    expect(page.ok && page.value.images).toHaveLength(3);
    expect(errors).toEqual([{ collectionId, imageId: secret!.id }]);
  });
});
