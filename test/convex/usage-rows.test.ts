// @vitest-environment edge-runtime
import { expect, test } from "vitest";
import { successRate } from "../../core/domain/usage.ts";
import { DAY, Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvexStore } from "./harness.ts";

const TODAY = "2026-11-26";

test("job transitions and API requests fill the member's daily usage row", async () => {
  const store = makeConvexStore();
  const fx = new Fixture(store);
  const actor = await fx.actor("PRO");

  const partial = await fx.running(actor, "worker-1", { count: 2, price: 4 });
  await fx.complete(partial, fx.images(1, 5_000));
  const failing = await fx.running(actor, "worker-1", { price: 3 });
  await store.jobs.fail({ jobId: failing.id, workerId: "worker-1", errorCode: "PROVIDER", errorMessage: "down", retryAt: null, now: T0 });
  await store.apiKeys.create({ id: "key_1", workspaceId: actor.workspace.id, userId: actor.user.id, name: "ci", prefix: "pk", keyHash: "h", scopes: ["generate"], rateLimitPerMinute: 60, createdAt: T0 });
  await store.apiKeys.touch("key_1", T0);
  await store.apiKeys.touch("key_1", T0);

  const [row] = await store.usage.list({ workspaceId: actor.workspace.id, fromDate: TODAY, toDate: TODAY });
  expect(row).toEqual({
    workspaceId: actor.workspace.id,
    userId: actor.user.id,
    date: TODAY,
    requested: 2,
    completed: 1,
    failed: 1,
    cancelled: 0,
    images: 1,
    creditsCharged: 7,
    creditsRefunded: 2 + 3,
    storageBytes: 5_000,
    apiRequests: 2,
    providerCostUsd: 0.04,
    models: { local: 1 },
  });
  expect(successRate(row!)).toBe(0.5);
  expect(await store.usage.spentOn(actor.workspace.id, actor.user.id, TODAY)).toBe(2);
});

test("a refund after midnight is booked on the day of the charge, the outcome on the day it ended", async () => {
  const store = makeConvexStore();
  const fx = new Fixture(store);
  const actor = await fx.actor("PRO");
  const job = await fx.submit(actor, { price: 5 });
  await store.jobs.cancel(job.id, T0 + DAY);

  const rows = await store.usage.list({ userId: actor.user.id, fromDate: TODAY, toDate: "2026-11-27" });
  expect(rows.map((r) => [r.date, r.creditsCharged, r.creditsRefunded, r.cancelled])).toEqual([
    [TODAY, 5, 5, 0],
    ["2026-11-27", 0, 0, 1],
  ]);
});
