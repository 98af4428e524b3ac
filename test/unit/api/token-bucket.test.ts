import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../../../core/engine/token-bucket.ts";
import { TestClock } from "../../support/test-clock.ts";

describe("TokenBuckets", () => {
  it("allows a minute's burst, then one request per refilled token", () => {
    const clock = new TestClock();
    const buckets = new TokenBuckets(clock);
    for (let i = 0; i < 6; i++) expect(buckets.take("k", 6), `request ${i + 1}`).toEqual({ ok: true });
    expect(buckets.take("k", 6)).toEqual({ ok: false, retryAfterMs: 10_000 });
    clock.advance(4_000);
    expect(buckets.take("k", 6)).toEqual({ ok: false, retryAfterMs: 6_000 });
    clock.advance(6_000);
    expect(buckets.take("k", 6)).toEqual({ ok: true });
    expect(buckets.take("k", 6)).toMatchObject({ ok: false });
  });

  it("never refills above the burst, keeps keys apart, and survives a clock stepping back", () => {
    const clock = new TestClock();
    const buckets = new TokenBuckets(clock);
    buckets.take("a", 2);
    clock.advance(3_600_000);
    expect([buckets.take("a", 2), buckets.take("a", 2), buckets.take("a", 2)].map((t) => t.ok)).toEqual([true, true, false]);
    expect(buckets.take("b", 2).ok).toBe(true);
    clock.advance(-60_000);
    expect(buckets.take("a", 2)).toMatchObject({ ok: false });
    clock.advance(30_000);
    expect(buckets.take("a", 2).ok).toBe(true);
  });

  it("treats a zero rate as one request a minute rather than dividing by zero", () => {
    const buckets = new TokenBuckets(new TestClock());
    expect(buckets.take("z", 0).ok).toBe(true);
    expect(buckets.take("z", 0)).toEqual({ ok: false, retryAfterMs: 60_000 });
  });
});
