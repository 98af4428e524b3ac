import { describe, expect, it } from "vitest";
import type { OneOffCharge } from "../../../core/domain/rules/one-off-charge.ts";
import { type Actor, Fixture, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

/** credits.chargeOnce (/describe's charge for work already done), on every store. */
export function oneOffChargeCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const charge = (actor: Actor, overrides: Partial<OneOffCharge> = {}): OneOffCharge => ({
    workspaceId: actor.workspace.id,
    userId: actor.user.id,
    memberId: actor.member.id,
    price: 2,
    reason: "describe with local-describe",
    dedupeKey: `describe:${actor.workspace.id}:evt-1`,
    dailyCap: null,
    providerCostUsd: null,
    now: T0,
    ...overrides,
  });
  const today = async (f: Fixture, actor: Actor) =>
    (await f.store.usage.list({ workspaceId: actor.workspace.id, userId: actor.user.id, fromDate: "2026-11-26", toDate: "2026-11-26" }))[0];

  describe("credits.chargeOnce", () => {
    it("books the charge and the day's creditsCharged together", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const booked = unwrap(await f.store.credits.chargeOnce(charge(actor, { providerCostUsd: 0.0004 })));
      expect(booked.duplicate).toBe(false);
      expect(booked.entry).toMatchObject({ kind: "charge", amount: -2, balanceAfter: 8, jobId: null, userId: actor.user.id });
      expect(await f.balance(actor.workspace.id)).toBe(8);
      expect(await f.store.credits.ledgerSum(actor.workspace.id)).toBe(8);
      expect(await today(f, actor)).toMatchObject({ creditsCharged: 2, requested: 0, providerCostUsd: 0.0004 });
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, "2026-11-26")).toBe(2);
    });

    it("a repeated dedupe key answers the first entry and charges nothing again", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const first = unwrap(await f.store.credits.chargeOnce(charge(actor)));
      const again = unwrap(await f.store.credits.chargeOnce(charge(actor, { now: T0 + 5 })));
      expect(again).toEqual({ entry: first.entry, duplicate: true });
      expect(await f.balance(actor.workspace.id)).toBe(8);
      expect(await today(f, actor)).toMatchObject({ creditsCharged: 2 });
    });

    it("refuses a banned member, a short balance and a spent daily cap, changing nothing", async () => {
      const f = fixture();
      const actor = await f.actor("FREE");
      const before = await f.snapshot(actor.workspace.id);
      expect(rejection(await f.store.credits.chargeOnce(charge(actor, { price: 11 }))).code).toBe("INSUFFICIENT_CREDITS");
      expect(rejection(await f.store.credits.chargeOnce(charge(actor, { dailyCap: 1 }))).code).toBe("DAILY_CAP");
      await f.store.workspaces.updateMember(actor.member.id, { banned: true });
      expect(rejection(await f.store.credits.chargeOnce(charge(actor))).code).toBe("BANNED");
      expect(await f.snapshot(actor.workspace.id)).toEqual(before);
      expect(await today(f, actor)).toBeUndefined();
    });
  });
}
