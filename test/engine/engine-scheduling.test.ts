import { afterEach, describe, expect, it } from "vitest";
import type { GenerateInput } from "../../core/ports/image-provider.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";

describe("engine: scheduling", () => {
  let h: EngineHarness;
  afterEach(() => h.cleanup());

  it("does not let one busy workspace starve another", async () => {
    h = await engineHarness({ workerConcurrency: 1 });
    const busy: string[] = [];
    for (const user of ["a", "b", "c"]) {
      for (let i = 0; i < 3; i++) {
        const s = await imagine(h, `busy ${user}${i}`, { user, workspace: "busy" });
        if (!s.ok) throw new Error(s.error.message);
        busy.push(s.value.job.id);
      }
    }
    const quiet = await imagine(h, "quiet one", { workspace: "quiet" });
    if (!quiet.ok) throw new Error(quiet.error.message);
    h.engine.start();
    await h.settled(quiet.value.job.id);
    await Promise.all(busy.map((id) => h.settled(id)));
    const order = h.provider().calls.map((c) => c.prompt);
    expect(order).toHaveLength(10);
    expect(order.indexOf("quiet one")).toBeLessThanOrEqual(1);
  });

  it("never runs more jobs at once on a provider than its concurrency limit", async () => {
    h = await engineHarness({ workerConcurrency: 4, providerConcurrency: 2 });
    let running = 0;
    let peak = 0;
    h.provider().script(async (input: GenerateInput) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { images: [{ bytes: FAKE_PNG, contentType: "image/png", width: input.width, height: input.height }], costUsd: null };
    });
    const ids: string[] = [];
    for (const user of ["a", "b", "c", "d", "e", "f"]) {
      const s = await imagine(h, `job ${user}`, { user, workspace: user });
      if (!s.ok) throw new Error(s.error.message);
      ids.push(s.value.job.id);
    }
    h.engine.start();
    await Promise.all(ids.map((id) => h.settled(id)));
    expect(peak).toBe(2);
  });

  it("claims the next job together with the previous job's completion: both join one group commit (complete-and-fetch-next)", async () => {
    h = await engineHarness({ workerConcurrency: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = await imagine(h, `job ${i}`, { user: `u${i}` });
      if (!s.ok) throw new Error(s.error.message);
      ids.push(s.value.job.id);
    }
    const jobs = h.store.jobs;
    const events: string[] = [];
    const { complete, claimMany } = jobs;
    jobs.complete = async (input) => {
      events.push("complete");
      try {
        return await complete(input);
      } finally {
        events.push("completed");
      }
    };
    jobs.claimMany = async (...args) => {
      events.push("claim");
      return claimMany!(...args);
    };
    h.engine.start();
    await Promise.all(ids.map((id) => h.settled(id)));
    // With one worker slot, each completion after the first job was queued right before the
    // claim for the freed slot, both before the completion's commit answered.
    const sequence = events.join(" ");
    expect(sequence.match(/complete claim completed/g)).toHaveLength(4);
    expect(h.provider().calls).toHaveLength(4);
  });

  it("keeps jobs queued, marked degraded, while the provider's circuit is open", async () => {
    let open = true;
    h = await engineHarness({ breakers: new Map([["local", { isOpen: () => open }]]) });
    const s = await imagine(h, "waits out the outage");
    if (!s.ok) throw new Error(s.error.message);
    h.engine.start();
    await new Promise((r) => setTimeout(r, 50));
    const view = await h.engine.delivery.view(s.value.job.id);
    expect(view).toMatchObject({ job: { status: "pending", attempts: 0 }, degraded: true });
    expect(h.provider().calls).toHaveLength(0);
    open = false;
    expect(await h.settled(s.value.job.id)).toMatchObject({ status: "completed", attempts: 1 });
  });
});
