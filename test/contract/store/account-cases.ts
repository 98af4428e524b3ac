import { describe, expect, it } from "vitest";
import type { ApiKey } from "../../../core/ports/store.ts";
import { DAY, Fixture, T0, type StoreRef } from "./fixtures.ts";

export function accountCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("api keys", () => {
    it("creates, finds by hash, counts requests and revokes", async () => {
      const f = fixture();
      const actor = await f.actor();
      const input: Omit<ApiKey, "requestCount" | "lastUsedAt" | "revokedAt"> = {
        id: "key_contract_1",
        workspaceId: actor.workspace.id,
        userId: actor.user.id,
        name: "CI",
        prefix: "pxl_ab12",
        keyHash: "a".repeat(64),
        scopes: ["generate", "read"],
        rateLimitPerMinute: 60,
        createdAt: T0,
      };
      const created = await f.store.apiKeys.create(input);
      expect(created).toEqual({ ...input, requestCount: 0, lastUsedAt: null, revokedAt: null });
      expect(await f.store.apiKeys.findByHash(input.keyHash)).toEqual(created);
      expect(await f.store.apiKeys.findByHash("b".repeat(64))).toBeNull();

      await f.store.apiKeys.touch(created.id, T0 + 1);
      await f.store.apiKeys.touch(created.id, T0 + 2);
      expect(await f.store.apiKeys.list(actor.workspace.id)).toEqual([{ ...created, requestCount: 2, lastUsedAt: T0 + 2 }]);
      expect(await f.store.usage.list({ userId: actor.user.id, fromDate: "2026-11-26", toDate: "2026-11-26" })).toMatchObject([
        { apiRequests: 2 },
      ]);

      expect(await f.store.apiKeys.revoke(created.id, T0 + 3)).toBe(true);
      expect(await f.store.apiKeys.revoke(created.id, T0 + 4)).toBe(false);
      expect(await f.store.apiKeys.revoke("key_missing", T0)).toBe(false);
      expect(await f.store.apiKeys.findByHash(input.keyHash)).toBeNull();
      expect((await f.store.apiKeys.list(actor.workspace.id))[0]?.revokedAt).toBe(T0 + 3);
    });
  });

  describe("usage", () => {
    it("lists days in a range by workspace or user and sums a member's net spend", async () => {
      const f = fixture();
      const actor = await f.actor();
      const colleague = await f.member(actor.workspace);
      await f.submit(actor, { price: 3, now: T0 });
      await f.submit(actor, { price: 2, now: T0 + DAY });
      await f.submit(colleague, { price: 4, now: T0 });
      await f.submit(await f.actor(), { price: 9, now: T0 });

      const firstDay = await f.store.usage.list({ workspaceId: actor.workspace.id, fromDate: "2026-11-26", toDate: "2026-11-26" });
      expect(firstDay.map((d) => [d.userId, d.creditsCharged]).sort()).toEqual([[actor.user.id, 3], [colleague.user.id, 4]].sort());
      const mine = await f.store.usage.list({ workspaceId: actor.workspace.id, userId: actor.user.id, fromDate: "2026-11-01", toDate: "2026-11-30" });
      expect(mine.map((d) => [d.date, d.requested, d.creditsCharged])).toEqual([
        ["2026-11-26", 1, 3],
        ["2026-11-27", 1, 2],
      ]);
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, "2026-11-27")).toBe(2);
      expect(await f.store.usage.spentOn(actor.workspace.id, actor.user.id, "2026-11-28")).toBe(0);
    });
  });
}
