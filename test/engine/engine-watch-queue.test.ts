import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import type { Store } from "../../core/ports/store.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { Fixture } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore, SERVICE_SECRET } from "../convex/harness.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

/** Longer than any test runs: a job found within it was not found by polling. */
const NEVER_POLL_MS = 600_000;

describe("engine: work queued by another process (store.watchQueue)", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /**
   * A worker engine on a convex-test deployment, idle, and a second store on the same
   * deployment standing for another process. `subscribe` as production would pass it, except
   * that convex-test has no subscriptions: the watch polls the counters query instead.
   */
  async function setup(subscribe: boolean) {
    const t = makeConvex();
    const workerStore = createConvexStore({
      client: t as unknown as ConvexClientLike,
      serviceSecret: SERVICE_SECRET,
      subscribe: subscribe ? { pollIntervalMs: 10 } : undefined,
    });
    const h: EngineHarness = await engineHarness({ store: workerStore, pollIntervalMs: NEVER_POLL_MS, workerConcurrency: 2 });
    cleanups.push(async () => {
      await h.cleanup();
      await workerStore.close();
    });
    const other = new Fixture(makeConvexStore(t));
    const actor = await other.actor();
    h.engine.start();
    // Let both loops make their first (empty) claim and fall asleep for the poll interval.
    await new Promise((r) => setTimeout(r, 100));
    return { other, actor, now: h.clock.now() };
  }

  async function waitUntil(store: Store, jobId: string, done: (job: Job) => boolean, timeoutMs: number): Promise<Job | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await store.jobs.get(jobId);
      if (job && done(job)) return job;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it("wakes an idle worker when another process submits, long before the poll interval", async () => {
    const { other, actor, now } = await setup(true);
    const started = Date.now();
    const job = await other.submit(actor, { now });
    const claimed = await waitUntil(other.store, job.id, (j) => j.attempts > 0, 5_000);
    expect(claimed, "the job was not claimed: the watch did not wake the worker").not.toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
    // And again for a second job, so the watch keeps following the counters after a claim.
    const next = await other.submit(actor, { now });
    expect(await waitUntil(other.store, next.id, (j) => j.attempts > 0, 5_000)).not.toBeNull();
  });

  it("without the watch, the same job waits for the poll interval (the control)", async () => {
    const { other, actor, now } = await setup(false);
    const job = await other.submit(actor, { now });
    expect(await waitUntil(other.store, job.id, (j) => j.attempts > 0, 300)).toBeNull();
  });
});
