// @vitest-environment edge-runtime
import { expect, test } from "vitest";
import { CLAIM_JOBS_PER_WORKSPACE, CLAIM_WORKSPACES, claimJob } from "../../convex/model/claim.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore, type TestConvex } from "./harness.ts";

// A claim may read at most this many documents, whatever the queue holds.
const READ_BUDGET = CLAIM_WORKSPACES * (2 + 2 * CLAIM_JOBS_PER_WORKSPACE);
const claimArgs = { workerId: "w", now: T0, leaseMs: 30_000, providers: ["local" as const], maxRunningPerMember: { FREE: 1, PRO: 1, ENTERPRISE: 1 } };

/** `pending` jobs queued by two members of one workspace, plus one job in each of 20 other workspaces. */
async function queueOf(pending: number): Promise<TestConvex> {
  // The limit applies to every transaction here, submits included, so it must not fail them either.
  const t = makeConvex({ documentsRead: READ_BUDGET });
  const fx = new Fixture(makeConvexStore(t));
  const first = await fx.actor("ENTERPRISE");
  const second = await fx.member(first.workspace);
  for (let i = 0; i < pending; i++) await fx.submit(i % 2 ? second : first, { price: 0 });
  for (let i = 0; i < 20; i++) await fx.submit(await fx.actor("FREE"), { price: 0 });
  return t;
}

/** Claims once inside a transaction and reports what it read. */
async function measuredClaim(t: TestConvex) {
  return t.run(async (ctx) => {
    const job = await claimJob(ctx, claimArgs);
    const metrics = await ctx.meta.getTransactionMetrics();
    return { job, read: metrics.documentsRead.used, queries: metrics.databaseQueries.used };
  });
}

test("a claim reads the same few documents with 10 or 2,000 jobs pending", async () => {
  const small = await measuredClaim(await queueOf(10));
  const large = await measuredClaim(await queueOf(2_000));
  expect(small.job?.status).toBe("processing");
  expect(large.job?.status).toBe("processing");
  expect(large.read).toBe(small.read);
  expect(large.queries).toBe(small.queries);
  expect(large.read).toBeLessThan(20);
}, 120_000);

test("with members at their running cap the claim skips their jobs within its bound", async () => {
  const t = await queueOf(500);
  // Each claim takes the next workspace in turn; the two busy members cap their workspace at two running jobs.
  const claimed = [];
  for (let i = 0; i < 23; i++) claimed.push((await measuredClaim(t)).job);
  expect(claimed.filter((job) => job !== null)).toHaveLength(22);
  // Under the enforced limit, reading the whole queue would fail:
  await expect(t.run((ctx) => ctx.db.query("generationJobs").collect())).rejects.toThrow(/documents|limit/i);
}, 120_000);
