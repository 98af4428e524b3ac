// @vitest-environment edge-runtime
import { expect, it } from "vitest";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore } from "./harness.ts";

it("convex: an outbox row that cannot be written rolls the whole completion back (state, images, ledger, usage)", async () => {
  const t = makeConvex();
  const store = makeConvexStore(t);
  const f = new Fixture(store);
  const actor = await f.actor();
  const job = await f.running(actor, "worker-1", { replyTarget: { platform: "slack" }, count: 2 });
  const before = await f.snapshot(actor.workspace.id);
  // A row already there makes the completion's own insert refuse, as a failure inside the mutation would.
  await t.run((ctx) => ctx.db.insert("deliveryOutbox", { jobId: job.id, platform: "slack", createdAt: 0, availableAt: 0, leaseOwner: null, deliveredAt: null }));

  await expect(f.complete(job, f.images(1), "worker-1", T0 + 1)).rejects.toThrow(/already has a delivery queued/);
  expect(await store.jobs.get(job.id)).toEqual(job);
  expect(await store.images.listForJob(job.id)).toEqual([]);
  expect(await f.snapshot(actor.workspace.id)).toEqual(before);
});
