// @vitest-environment edge-runtime
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { internal } from "../../convex/_generated/api.js";
import crons from "../../convex/crons.ts";
import { JANITOR_BATCH } from "../../convex/model/leases.ts";
import { Fixture, LEASE_MS, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore } from "./harness.ts";

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

test("the cron table runs the janitor and the queue policy resync every minute and the refill monthly", () => {
  const schedules = Object.values((crons as unknown as { crons: Record<string, { name: string; schedule: { type: string } }> }).crons);
  expect(schedules.map((c) => [c.name, c.schedule.type])).toEqual([
    ["jobs:janitor", "interval"],
    ["jobs:resyncQueuePolicies", "interval"],
    ["credits:refillAll", "monthly"],
  ]);
});

test("the scheduled janitor re-queues expired leases in batches, then fails and refunds jobs past the queue age", async () => {
  const t = makeConvex();
  const store = makeConvexStore(t);
  const fx = new Fixture(store);
  const actor = await fx.actor("PRO");
  const count = JANITOR_BATCH + 6;
  for (let i = 0; i < count; i++) await fx.submit(actor, { price: 2 });
  for (let i = 0; i < count; i++) await fx.claim("vanished-worker");
  expect(await fx.jobs(actor.workspace.id, "processing")).toHaveLength(count);

  // The worker stops heartbeating; a minute later the janitor finds the expired leases.
  vi.setSystemTime(T0 + LEASE_MS + 60_000);
  const first = await t.mutation(internal.jobs.janitor, {});
  expect(first.requeued).toBe(JANITOR_BATCH);
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  const requeued = await fx.jobs(actor.workspace.id, "pending");
  expect(requeued).toHaveLength(count);
  expect(requeued.every((job) => job.attempts === 1 && job.leaseOwner === null)).toBe(true);

  // Nobody claims them again before the maximum queue age (30 minutes by default) passes.
  vi.setSystemTime(T0 + 31 * 60_000);
  await t.mutation(internal.jobs.janitor, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
  const failed = await fx.jobs(actor.workspace.id, "failed");
  expect(failed).toHaveLength(count);
  expect(failed.every((job) => job.errorCode === "QUEUE_TIMEOUT" && job.creditsRefunded === 2)).toBe(true);
  expect(await fx.balance(actor.workspace.id)).toBe(500);
  expect(await store.credits.ledgerSum(actor.workspace.id)).toBe(500);
  expect(await store.jobs.claim({ workerId: "late", now: Date.now(), leaseMs: LEASE_MS, providers: ["local"], maxRunningPerMember: () => 100 })).toBeNull();
});
