import { describe, expect, it } from "vitest";
import type { ApiKey, Store } from "../../../core/ports/store.ts";
import { DAY, Fixture, T0, type Actor, type StoreRef } from "./fixtures.ts";

let unique = 0;

function newKey(store: Store, owner: Actor): Promise<ApiKey> {
  const n = ++unique;
  return store.apiKeys.create({
    id: `key_usage_${n}`,
    workspaceId: owner.workspace.id,
    userId: owner.user.id,
    name: `key ${n}`,
    prefix: `pxl_${String(n).padStart(8, "0")}`,
    keyHash: String(n).padStart(64, "0"),
    scopes: ["read"],
    rateLimitPerMinute: 60,
    createdAt: T0,
  });
}

/** ApiKeyStore.touch also writes usage.apiRequests, in the same transaction as the key's counters. */
export function apiKeyUsageCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const day = (store: Store, actor: Actor, date: string) =>
    store.usage.list({ workspaceId: actor.workspace.id, userId: actor.user.id, fromDate: date, toDate: date });

  describe("api key touch and usage", () => {
    it("adds one API request to the day's row of the key's workspace and creator, beside the job counters", async () => {
      const f = fixture();
      const creator = await f.actor();
      const colleague = await f.member(creator.workspace);
      await f.submit(creator, { price: 2, now: T0 });
      const key = await newKey(f.store, creator);
      const colleagueKey = await newKey(f.store, colleague);

      await f.store.apiKeys.touch(key.id, T0);
      await f.store.apiKeys.touch(key.id, T0 + 1_000);
      await f.store.apiKeys.touch(colleagueKey.id, T0);
      await f.store.apiKeys.touch(key.id, T0 + DAY);

      expect(await day(f.store, creator, "2026-11-26")).toMatchObject([{ requested: 1, creditsCharged: 2, apiRequests: 2 }]);
      expect(await day(f.store, creator, "2026-11-27")).toMatchObject([{ requested: 0, creditsCharged: 0, apiRequests: 1 }]);
      expect(await day(f.store, colleague, "2026-11-26")).toMatchObject([{ requested: 0, apiRequests: 1 }]);
      const [listed] = (await f.store.apiKeys.list(creator.workspace.id)).filter((k) => k.id === key.id);
      expect(listed).toMatchObject({ requestCount: 3, lastUsedAt: T0 + DAY });
    });

    it("changes nothing for an unknown key", async () => {
      const f = fixture();
      const creator = await f.actor();
      await f.submit(creator, { now: T0 });
      const before = await f.snapshot(creator.workspace.id);
      await f.store.apiKeys.touch("key_missing", T0);
      expect(await f.snapshot(creator.workspace.id)).toEqual(before);
      // Each case has a fresh store: no row may appear anywhere else either.
      expect(await f.store.usage.list({ fromDate: "2000-01-01", toDate: "2100-01-01" })).toEqual(before.usage);
    });
  });
}
