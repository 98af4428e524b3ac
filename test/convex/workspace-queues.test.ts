// @vitest-environment edge-runtime
import { expect, test } from "vitest";
import { Fixture, NO_LIMITS, unwrap } from "../contract/store/fixtures.ts";
import { internal } from "../../convex/_generated/api.js";
import { makeConvex, makeConvexStore } from "./harness.ts";

// Issue 18: the Convex queue keeps its state per workspace, so a position counts the jobs ahead
// in the job's own workspace (the rounds of fair scheduling until it runs), not store-wide.

test("a job's position counts the jobs ahead of it in its own workspace only", async () => {
  const f = new Fixture(makeConvexStore());
  const [busy, quiet] = [await f.actor(), await f.actor()];
  for (let i = 0; i < 3; i++) await f.submit(busy);
  const first = unwrap(await f.store.jobs.submit(f.newJob(quiet), NO_LIMITS));
  expect(first.position).toBe(1);
  const fourth = unwrap(await f.store.jobs.submit(f.newJob(busy), NO_LIMITS));
  expect(fourth.position).toBe(4);
  // Fair scheduling serves the quiet workspace in the first round: its job is among the first two claimed.
  const claimed = [(await f.claim("w1"))!.workspaceId, (await f.claim("w2"))!.workspaceId];
  expect(claimed).toContain(quiet.workspace.id);
  expect(await f.store.jobs.position(fourth.job.id)).toBe(3);
  expect(await f.store.jobs.queueDepth()).toBe(3);
});

test("queue rows written before issue 18 continue their workspace's seqs", async () => {
  const t = makeConvex();
  const f = new Fixture(makeConvexStore(t));
  const actor = await f.actor();
  const old = await f.submit(actor);
  // As an older deployment left it: a store-wide seq far ahead, and a queue row without lastSeq or plan.
  await t.run(async (ctx) => {
    const job = (await ctx.db.query("generationJobs").withIndex("by_app_id", (q) => q.eq("appId", old.id)).unique())!;
    await ctx.db.patch(job._id, { seq: 500 });
    const queue = (await ctx.db.query("queues").withIndex("by_workspace", (q) => q.eq("workspaceId", actor.workspace.id)).unique())!;
    await ctx.db.replace(queue._id, { workspaceId: queue.workspaceId, pending: queue.pending, ready: queue.ready, lastServedSeq: null });
  });
  const next = unwrap(await f.store.jobs.submit(f.newJob(actor), NO_LIMITS));
  expect(next.job.seq).toBe(501);
  expect(next.position).toBe(2);
  expect((await f.claim("w1"))?.id).toBe(old.id);
  expect((await f.claim("w1"))?.id).toBe(next.job.id);
});

test("a policy edited where no trigger runs (the dashboard) reaches the jobs already waiting at the next resync", async () => {
  const t = makeConvex();
  const f = new Fixture(makeConvexStore(t));
  const actor = await f.actor();
  const [first, second] = [await f.submit(actor), await f.submit(actor)];
  // As a dashboard edit: straight into the table, past every trigger.
  await t.run(async (ctx) => {
    const workspace = (await ctx.db.query("workspaces").withIndex("by_app_id", (q) => q.eq("appId", actor.workspace.id)).unique())!;
    await ctx.db.patch(workspace._id, { settings: { ...workspace.settings, nsfw: "allow" } });
  });
  // The queue row still has the copy from the submits.
  expect(await f.lease("w1")).toMatchObject({ job: { id: first.id }, nsfw: "block" });
  expect(await t.mutation(internal.jobs.resyncQueuePolicies, {})).toBe(1);
  expect(await f.lease("w1")).toMatchObject({ job: { id: second.id }, nsfw: "allow" });
  // Nothing left to fix.
  expect(await t.mutation(internal.jobs.resyncQueuePolicies, {})).toBe(0);
});
