// @vitest-environment edge-runtime
import { describe, expect, it } from "vitest";
import { Delivery } from "../../core/engine/delivery.ts";
import { PositionUpdates } from "../../core/engine/position-updates.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { Fixture, T0, unwrap } from "../contract/store/fixtures.ts";
import { TestClock } from "../support/test-clock.ts";
import { makeConvexStore } from "./harness.ts";

/**
 * Live queue positions read from the Convex store: the same PositionUpdates the engine runs,
 * over the Convex adapter (convex-test), as jobs ahead are claimed and cancelled.
 */
describe("live queue positions on the Convex store", () => {
  it("waiting jobs' messages count down as the jobs ahead leave, once per interval, only when changed", async () => {
    const store = makeConvexStore();
    const f = new Fixture(store);
    const clock = new TestClock(T0);
    const logger = createLogger({ level: "silent", format: "json" });
    const delivery = new Delivery(store, logger);
    const seen: Array<[string, number | null]> = [];
    delivery.register({ platform: "test", deliver: async (view) => void seen.push([view.job.id, view.position]) });
    // Passes are fired by hand: the timer never runs.
    const timers = { setTimeout: () => 0, clearTimeout: () => {} };
    const positions = new PositionUpdates({ store, delivery, clock, logger, intervalMs: 3_000, perPass: 100, perChannel: 100, timers });

    const actor = await f.actor();
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await f.submit(actor, { replyTarget: { platform: "test" }, now: T0 }));
    jobs.forEach((job, i) => positions.watch(job.id, i + 1, null));
    const pass = async (ms: number) => {
      clock.advance(ms);
      await positions.refresh();
      await delivery.idle();
    };

    await f.claim("worker-1", T0);
    await pass(1_000); // too soon after submit: nothing is edited
    expect(seen).toEqual([]);
    await pass(2_000);
    expect(seen).toEqual([
      [jobs[1]!.id, 1],
      [jobs[2]!.id, 2],
      [jobs[3]!.id, 3],
    ]);
    await pass(3_000); // nothing moved: nothing re-rendered
    expect(seen).toHaveLength(3);
    unwrap(await store.jobs.cancel(jobs[1]!.id, T0));
    await f.claim("worker-1", T0);
    await pass(3_000);
    expect(seen.slice(3)).toEqual([[jobs[3]!.id, 1]]);
    expect(positions.size).toBe(1);
    positions.stop();
  });
});
