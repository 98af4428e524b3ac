import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

/**
 * Who may see a private job is the engine's decision (issue 16): front ends render the result of
 * engine.view and add no check of their own, so every front end answers the same.
 */
describe("a private job is shown to its owner and the workspace's admins, to no other member", () => {
  let h: EngineHarness;
  let jobId: string;

  beforeAll(async () => {
    h = await engineHarness();
    const submitted = await h.engine.submit({
      actor: h.actor("owner"),
      source: "slack",
      idempotencyKey: null,
      channelKey: "slack:w1/general",
      replyTarget: null,
      request: { prompt: "a private sketch", private: true },
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    jobId = submitted.value.job.id;
    // Another member and an admin join the workspace.
    await h.engine.resolve(h.actor("neighbour"));
    await h.engine.resolve(h.actor("boss", "w1", true));
  });
  afterAll(() => h.cleanup());

  it("the owner sees it", async () => {
    expect(await h.engine.view(h.actor("owner"), jobId)).toMatchObject({ ok: true, value: { job: { id: jobId, prompt: "a private sketch" } } });
  });

  it("a workspace admin sees it", async () => {
    expect(await h.engine.view(h.actor("boss", "w1", true), jobId)).toMatchObject({ ok: true, value: { job: { id: jobId } } });
  });

  it("another member is refused with FORBIDDEN and the message edges show", async () => {
    expect(await h.engine.view(h.actor("neighbour"), jobId)).toEqual({
      ok: false,
      error: { code: "FORBIDDEN", message: "That job is private to the person who asked for it." },
    });
  });

  it("someone in another workspace hears only that there is no such job", async () => {
    expect(await h.engine.view(h.actor("owner", "w2"), jobId)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });
});
