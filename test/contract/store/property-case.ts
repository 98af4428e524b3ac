import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PLANS } from "../../../core/domain/plans.ts";
import type { Store } from "../../../core/ports/store.ts";
import { Fixture, NO_LIMITS, T0, unwrap, type Actor, type StoreFactory } from "./fixtures.ts";

const WORKSPACES = 3;
const MEMBERS = 2;
const LEASE_MS = 5_000;
const PERIODS = ["2026-11", "2026-12", "2027-01"];

const slot = fc.nat({ max: 99 });
const workspace = fc.nat({ max: WORKSPACES - 1 });
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const operation = fc.oneof(
  weighted(
    4,
    fc.record({
      kind: fc.constant("submit" as const),
      workspace,
      member: fc.nat({ max: MEMBERS - 1 }),
      count: fc.integer({ min: 1, max: 4 }),
      creditsPerImage: fc.integer({ min: 1, max: 3 }),
      key: fc.oneof(weighted(4, fc.constant(null)), weighted(1, fc.nat({ max: 5 }))),
      dailyCap: fc.oneof(weighted(4, fc.constant(null)), weighted(1, fc.integer({ min: 1, max: 12 }))),
    }),
  ),
  weighted(3, fc.record({ kind: fc.constant("claim" as const), worker: fc.nat({ max: 2 }) })),
  weighted(2, fc.record({ kind: fc.constant("complete" as const), job: slot, delivered: fc.nat({ max: 4 }), intruder: fc.boolean() })),
  weighted(2, fc.record({ kind: fc.constant("fail" as const), job: slot, retry: fc.boolean(), intruder: fc.boolean() })),
  weighted(1, fc.record({ kind: fc.constant("cancel" as const), job: slot })),
  weighted(1, fc.record({ kind: fc.constant("refill" as const), workspace, period: fc.nat({ max: PERIODS.length - 1 }) })),
  weighted(1, fc.record({ kind: fc.constant("grant" as const), workspace, amount: fc.integer({ min: 1, max: 20 }) })),
  weighted(1, fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 1, max: 2 * LEASE_MS }) })),
  weighted(1, fc.record({ kind: fc.constant("janitor" as const) })),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/**
 * Random interleavings of everything that moves credits or jobs. Whatever happens, every
 * balance equals its ledger, none is negative, each job is charged exactly once and refunded
 * at most what it was charged, and the queue holds exactly the pending jobs (positions count
 * them, claiming drains them).
 */
export function propertyCase(makeStore: StoreFactory): void {
  describe("random operation sequences", () => {
    it("keep the credit and queue invariants", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 10, maxLength: 60, size: "max" }), async (operations) => {
          const { store, cleanup } = await makeStore();
          try {
            await run(store, operations);
          } finally {
            await cleanup();
          }
        }),
        { numRuns: 30 },
      );
    });
  });
}

async function run(store: Store, operations: Operation[]): Promise<void> {
  const f = new Fixture(store);
  const actors: Actor[][] = [];
  for (let w = 0; w < WORKSPACES; w++) {
    const workspace = await f.workspace("FREE");
    actors.push(await Promise.all(Array.from({ length: MEMBERS }, () => f.member(workspace))));
  }
  const workspaceIds = actors.map((members) => members[0]!.workspace.id);
  const jobIds: string[] = [];
  const pick = (pool: string[], slot: number) => pool[slot % Math.max(1, pool.length)];
  /** Workers act on the jobs they hold; with none running, on any job (and must be refused). */
  const processing = async () => {
    const running: string[] = [];
    for (const id of workspaceIds) running.push(...(await f.jobs(id, "processing")).map((j) => j.id));
    return running.length > 0 ? running : jobIds;
  };
  let now = T0;

  for (const op of operations) {
    switch (op.kind) {
      case "submit": {
        const actor = actors[op.workspace]![op.member]!;
        const input = f.newJob(actor, {
          count: op.count,
          price: op.count * op.creditsPerImage,
          idempotencyKey: op.key === null ? null : `test:${op.key}`,
          now,
        });
        const result = await store.jobs.submit(input, { maxQueuedPerMember: 3, dailyCap: op.dailyCap });
        if (result.ok && !result.value.duplicate) jobIds.push(input.id);
        if (result.ok && result.value.duplicate) expect(jobIds).toContain(result.value.job.id);
        break;
      }
      case "claim":
        await store.jobs.claim({
          workerId: `worker-${op.worker}`,
          now,
          leaseMs: LEASE_MS,
          providers: ["local"],
          maxRunningPerMember: (plan) => PLANS[plan].maxRunningPerMember,
        });
        break;
      case "complete":
      case "fail": {
        const id = pick(await processing(), op.job);
        const before = id === undefined ? null : await store.jobs.get(id);
        if (!before) break;
        const workerId = op.intruder ? "intruder" : (before.leaseOwner ?? "worker-0");
        const after =
          op.kind === "complete"
            ? await f.complete(before, f.images(Math.min(op.delivered, before.count), 500, now), workerId, now)
            : await store.jobs.fail({ jobId: before.id, workerId, errorCode: "E", errorMessage: "e", retryAt: op.retry ? now + 1_000 : null, now });
        expect(after !== null).toBe(before.status === "processing" && !op.intruder);
        break;
      }
      case "cancel": {
        const id = pick(jobIds, op.job);
        if (id === undefined) break;
        const before = (await store.jobs.get(id))!;
        expect((await store.jobs.cancel(id, now)).ok).toBe(before.status === "pending");
        break;
      }
      case "refill":
        await store.credits.refill(workspaceIds[op.workspace]!, PERIODS[op.period]!, now);
        break;
      case "grant":
        unwrap(await store.credits.append({ workspaceId: workspaceIds[op.workspace]!, kind: "grant", amount: op.amount, reason: "test", now }));
        break;
      case "tick":
        now += op.ms;
        break;
      case "janitor":
        await store.jobs.requeueExpired(now);
        await store.jobs.failStale(now - 2 * LEASE_MS, now);
        break;
    }
  }
  await checkInvariants(f, workspaceIds, jobIds);
  await checkQueue(f, actors[0]![0]!, workspaceIds, now);
}

async function checkInvariants(f: Fixture, workspaceIds: string[], jobIds: string[]): Promise<void> {
  const seen: string[] = [];
  for (const workspaceId of workspaceIds) {
    const balance = await f.balance(workspaceId);
    expect(balance).toBe(await f.store.credits.ledgerSum(workspaceId));
    expect(balance).toBeGreaterThanOrEqual(0);
    const ledger = await f.store.credits.list(workspaceId, 10_000);
    for (const job of await f.jobs(workspaceId)) {
      seen.push(job.id);
      const entries = ledger.filter((e) => e.jobId === job.id);
      expect(entries.filter((e) => e.kind === "charge").map((e) => e.amount)).toEqual([-job.creditsCharged]);
      expect(entries.filter((e) => e.kind === "refund").length).toBeLessThanOrEqual(1);
      expect(entries.reduce((sum, e) => sum + e.amount, 0)).toBe(job.creditsRefunded - job.creditsCharged);
      expect(job.creditsRefunded).toBeLessThanOrEqual(job.creditsCharged);
      if (job.status === "failed" || job.status === "cancelled") expect(job.creditsRefunded).toBe(job.creditsCharged);
    }
  }
  expect(seen.sort()).toEqual([...jobIds].sort());
}

/**
 * A new job's position is the pending jobs ahead of it in its own workspace, plus one, on both
 * stores (fair scheduling serves workspaces in turn, and a store-wide count would make every
 * Convex submit conflict with every other; issue 18). Claiming drains exactly the pending jobs.
 */
async function checkQueue(f: Fixture, actor: Actor, workspaceIds: string[], now: number): Promise<void> {
  let pending = 0;
  for (const workspaceId of workspaceIds) pending += (await f.jobs(workspaceId, "pending")).length;
  const ownPending = (await f.jobs(actor.workspace.id, "pending")).length;
  unwrap(await f.store.credits.append({ workspaceId: actor.workspace.id, kind: "grant", amount: 100, reason: "probe", now }));
  const probe = unwrap(await f.store.jobs.submit(f.newJob(actor, { now }), NO_LIMITS));
  expect(probe.position).toBe(ownPending + 1);

  const later = now + 10 * LEASE_MS;
  let drained = 0;
  while (await f.claim("drain", later, { maxRunningPerMember: () => 1_000 })) drained++;
  expect(drained).toBe(pending + 1);
}
