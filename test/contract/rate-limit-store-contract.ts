import { describe, expect, it } from "vitest";
import type { RateLimitStore } from "../../core/ports/rate-limit-store.ts";

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

/** Every RateLimitStore: the token bucket rule of core/domain/token-bucket.ts, per key. */
export function rateLimitStoreContract(name: string, make: () => RateLimitStore): void {
  describe(`RateLimitStore contract: ${name}`, () => {
    it("allows a minute's burst, then one request per refilled token", async () => {
      const limits = make();
      for (let i = 0; i < 6; i++) expect(await limits.take("k", 6, T0), `request ${i + 1}`).toEqual({ ok: true });
      expect(await limits.take("k", 6, T0)).toEqual({ ok: false, retryAfterMs: 10_000 });
      expect(await limits.take("k", 6, T0 + 4_000)).toEqual({ ok: false, retryAfterMs: 6_000 });
      expect(await limits.take("k", 6, T0 + 10_000)).toEqual({ ok: true });
      expect(await limits.take("k", 6, T0 + 10_000)).toMatchObject({ ok: false });
    });

    it("never refills above the burst, keeps keys apart, and survives a clock stepping back", async () => {
      const limits = make();
      await limits.take("a", 2, T0);
      const later = T0 + 3_600_000;
      const taken = [await limits.take("a", 2, later), await limits.take("a", 2, later), await limits.take("a", 2, later)];
      expect(taken.map((t) => t.ok)).toEqual([true, true, false]);
      expect((await limits.take("b", 2, later)).ok).toBe(true);
      expect(await limits.take("a", 2, later - 60_000)).toMatchObject({ ok: false });
      expect((await limits.take("a", 2, later + 30_000)).ok).toBe(true);
    });

    it("gives a key with no budget one request a minute", async () => {
      const limits = make();
      expect(await limits.take("z", 0, T0)).toEqual({ ok: true });
      expect(await limits.take("z", 0, T0)).toEqual({ ok: false, retryAfterMs: 60_000 });
    });

    it("spends each token once when requests race", async () => {
      const limits = make();
      const results = await Promise.all(Array.from({ length: 10 }, () => limits.take("race", 4, T0)));
      expect(results.filter((r) => r.ok)).toHaveLength(4);
    });
  });
}
