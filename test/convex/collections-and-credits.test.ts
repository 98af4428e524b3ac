// @vitest-environment edge-runtime
import { afterEach, describe, expect, test, vi } from "vitest";
import { internal } from "../../convex/_generated/api.js";
import { PLAN_IDS, PLANS } from "../../core/domain/plans.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore } from "./harness.ts";

describe("share tokens", () => {
  test("a channel's collection is created with an unguessable token that finds it; a new token revokes the old", async () => {
    const store = makeConvexStore();
    const fx = new Fixture(store);
    const actor = await fx.actor();
    const job = await fx.running(actor, "worker-1", { channelKey: "discord:g/c1" });
    await fx.complete(job, fx.images(2));

    const [collection] = await store.collections.listForWorkspace(actor.workspace.id);
    expect(collection).toMatchObject({ channelKey: "discord:g/c1", imageCount: 2, isPublic: false });
    expect(collection!.shareToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await store.collections.getByShareToken(collection!.shareToken!))?.id).toBe(collection!.id);

    const renewed = await store.collections.setShareToken(collection!.id, "fresh-token-for-the-test", T0 + 1);
    expect(renewed?.shareToken).toBe("fresh-token-for-the-test");
    expect(await store.collections.getByShareToken(collection!.shareToken!)).toBeNull();
    expect((await store.collections.getByShareToken("fresh-token-for-the-test"))?.id).toBe(collection!.id);

    await store.collections.setShareToken(collection!.id, null, T0 + 2);
    expect(await store.collections.getByShareToken("fresh-token-for-the-test")).toBeNull();
  });

  test("two channels never share a token", async () => {
    const store = makeConvexStore();
    const actor = await new Fixture(store).actor();
    const one = await store.collections.ensureForChannel({ workspaceId: actor.workspace.id, channelKey: "c1", name: "#one", now: T0 });
    const two = await store.collections.ensureForChannel({ workspaceId: actor.workspace.id, channelKey: "c2", name: "#two", now: T0 });
    expect(one.shareToken).not.toBe(two.shareToken);
  });
});

describe("plan allocation and the monthly refill", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test.each(PLAN_IDS)("a new %s workspace starts with the plan's credits and quota", async (plan) => {
    const store = makeConvexStore();
    const workspace = await new Fixture(store).workspace(plan);
    expect(workspace).toMatchObject({ balance: PLANS[plan].monthlyCredits, storageQuotaBytes: PLANS[plan].storageQuotaBytes });
    const [grant] = await store.credits.list(workspace.id, 10);
    expect(grant).toMatchObject({ kind: "grant", amount: PLANS[plan].monthlyCredits, balanceAfter: PLANS[plan].monthlyCredits });
  });

  test("the cron refills every workspace once per month, a page per transaction", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 20));
    const t = makeConvex();
    const store = makeConvexStore(t);
    const fx = new Fixture(store);
    const workspaces = [];
    for (let i = 0; i < 5; i++) {
      const actor = await fx.actor("FREE");
      await fx.submit(actor, { price: 4, now: Date.now() });
      workspaces.push(actor.workspace);
    }

    // Same month as the grant: nothing is due yet.
    await t.mutation(internal.credits.refillAll, { cursor: null, pageSize: 2 });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await fx.balance(workspaces[0]!.id)).toBe(6);

    vi.setSystemTime(Date.UTC(2026, 11, 1, 0, 5));
    await t.mutation(internal.credits.refillAll, { cursor: null, pageSize: 2 });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    for (const workspace of workspaces) {
      expect(await fx.balance(workspace.id)).toBe(PLANS.FREE.monthlyCredits);
      expect(await store.credits.ledgerSum(workspace.id)).toBe(PLANS.FREE.monthlyCredits);
    }
    // A second run in the same month changes nothing.
    await t.mutation(internal.credits.refillAll, { cursor: null });
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const [latest] = await store.credits.list(workspaces[0]!.id, 1);
    expect(latest).toMatchObject({ kind: "refill", amount: 4, dedupeKey: `refill:${workspaces[0]!.id}:2026-12` });
    expect(await store.credits.list(workspaces[0]!.id, 10)).toHaveLength(3);
  });
});
