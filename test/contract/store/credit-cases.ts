import { describe, expect, it } from "vitest";
import { Fixture, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

export function creditCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("credits", () => {
    it("appends entries, moves the balance with them and lists newest first", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      const granted = await f.store.credits.append({ workspaceId: workspace.id, kind: "grant", amount: 5, reason: "gift", now: T0 + 1 });
      const adjusted = await f.store.credits.append({
        workspaceId: workspace.id,
        kind: "adjustment",
        amount: -12,
        reason: "correction",
        userId: null,
        now: T0 + 2,
      });
      expect(unwrap(granted)).toMatchObject({ kind: "grant", amount: 5, balanceAfter: 15, dedupeKey: null });
      expect(unwrap(adjusted)).toMatchObject({ kind: "adjustment", amount: -12, balanceAfter: 3 });
      expect((await f.store.credits.list(workspace.id, 2)).map((e) => e.amount)).toEqual([-12, 5]);
      expect(await f.balance(workspace.id)).toBe(3);
      expect(await f.store.credits.ledgerSum(workspace.id)).toBe(3);
    });

    it("refuses to take the balance below zero and changes nothing", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      const before = await f.snapshot(workspace.id);
      const result = await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -11, reason: "too much", now: T0 });
      expect(rejection(result).code).toBe("INSUFFICIENT_CREDITS");
      expect(await f.snapshot(workspace.id)).toEqual(before);
    });

    it("applies a dedupe key once and returns the first entry after that", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      const input = { workspaceId: workspace.id, kind: "grant", amount: 4, reason: "promo", dedupeKey: "promo:1", now: T0 } as const;
      const first = await f.store.credits.append(input);
      const second = await f.store.credits.append({ ...input, amount: 9, now: T0 + 1 });
      expect(unwrap(second)).toEqual(unwrap(first));
      expect(await f.balance(workspace.id)).toBe(14);
      expect(await f.store.credits.list(workspace.id, 100)).toHaveLength(2);
    });

    it("counts the creation month's grant as that month's refill", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -6, reason: "spent", now: T0 });
      expect(await f.store.credits.refill(workspace.id, "2026-11", T0)).toBeNull();
      expect(await f.balance(workspace.id)).toBe(4);
    });

    it("tops up to the plan amount once per period", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -6, reason: "spent", now: T0 });
      const refill = await f.store.credits.refill(workspace.id, "2026-12", T0 + 10);
      expect(refill).toMatchObject({ kind: "refill", amount: 6, balanceAfter: 10, dedupeKey: `refill:${workspace.id}:2026-12` });

      await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -3, reason: "spent", now: T0 + 20 });
      expect(await f.store.credits.refill(workspace.id, "2026-12", T0 + 30)).toBeNull();
      expect(await f.balance(workspace.id)).toBe(7);
    });

    it("records a period with nothing due, so spending later that month does not refill", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      expect(await f.store.credits.refill(workspace.id, "2026-12", T0)).toBeNull();
      await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -5, reason: "spent", now: T0 + 1 });
      expect(await f.store.credits.refill(workspace.id, "2026-12", T0 + 2)).toBeNull();
      expect((await f.store.credits.refill(workspace.id, "2027-01", T0 + 3))?.amount).toBe(5);
      expect(await f.balance(workspace.id)).toBe(10);
    });

    it("carries granted credits over: a balance above the plan gets no refill", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      await f.store.credits.append({ workspaceId: workspace.id, kind: "grant", amount: 50, reason: "bonus", now: T0 });
      expect(await f.store.credits.refill(workspace.id, "2026-12", T0 + 1)).toBeNull();
      expect(await f.balance(workspace.id)).toBe(60);
      await f.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -57, reason: "spent", now: T0 + 2 });
      expect((await f.store.credits.refill(workspace.id, "2027-01", T0 + 3))?.amount).toBe(7);
      expect(await f.balance(workspace.id)).toBe(10);
      expect(await f.store.credits.ledgerSum(workspace.id)).toBe(10);
    });

    it("does not refill unknown workspaces", async () => {
      expect(await fixture().store.credits.refill("ws_missing", "2026-12", T0)).toBeNull();
    });
  });
}
