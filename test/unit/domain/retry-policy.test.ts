import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffMs, DEFAULT_RETRY_POLICY, shouldRetry, type RetryPolicy } from "../../../core/domain/retry-policy.ts";

const policy: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 1_000, maxBackoffMs: 10_000, base: 2 };
const low = () => 0;
const high = () => 0.999999;

describe("DEFAULT_RETRY_POLICY", () => {
  it("tries three times, starting at 2 s and capped at a minute", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 3, initialBackoffMs: 2_000, maxBackoffMs: 60_000, base: 2 });
  });
});

describe("backoffMs", () => {
  it("grows exponentially from the initial backoff (lower edge of the jitter)", () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(policy, a, null, low))).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it("has a ceiling of initial * base^(attempt-1)", () => {
    expect(backoffMs(policy, 1, null, () => 0.5)).toBe(750);
    expect(backoffMs(policy, 3, null, () => 0.5)).toBe(3_000);
    expect(backoffMs(policy, 3, null, high)).toBeCloseTo(4_000, 0);
    expect(backoffMs(policy, 3, null, high)).toBeLessThan(4_000);
  });

  it("is capped at maxBackoffMs", () => {
    expect(backoffMs(policy, 5, null, low)).toBe(5_000);
    expect(backoffMs(policy, 6, null, low)).toBe(5_000);
    expect(backoffMs(policy, 60, null, () => 0.5)).toBe(7_500);
    expect(backoffMs(policy, 2_000, null, high)).toBeLessThan(10_000);
  });

  it("follows the policy's base", () => {
    const triple = { ...policy, base: 3, maxBackoffMs: 1_000_000 };
    expect([1, 2, 3].map((a) => backoffMs(triple, a, null, low))).toEqual([500, 1_500, 4_500]);
  });

  it("lets a longer Retry-After win", () => {
    expect(backoffMs(policy, 1, 30_000, high)).toBe(30_000);
    expect(backoffMs(policy, 6, 12_345, low)).toBe(12_345);
  });

  it("keeps the backoff when Retry-After is shorter", () => {
    expect(backoffMs(policy, 3, 100, low)).toBe(2_000);
    expect(backoffMs(policy, 3, 0, () => 0.5)).toBe(3_000);
  });

  it("stays within [ceiling/2, ceiling] and never below Retry-After", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: null }),
        (attempt, r, retryAfter) => {
          const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
          const delay = backoffMs(policy, attempt, retryAfter, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.max(ceiling / 2, retryAfter ?? 0));
          if (retryAfter !== null && retryAfter > ceiling) expect(delay).toBe(retryAfter);
          else expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
    );
  });

  it("never shrinks from one attempt to the next for the same jitter draw", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        expect(backoffMs(policy, attempt + 1, null, () => r)).toBeGreaterThanOrEqual(backoffMs(policy, attempt, null, () => r));
      }),
    );
  });
});

describe("shouldRetry", () => {
  it("retries retryable failures until maxAttempts attempts were made", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => shouldRetry(policy, a, true))).toEqual([true, true, true, true, false, false]);
    expect([1, 2, 3].map((a) => shouldRetry(DEFAULT_RETRY_POLICY, a, true))).toEqual([true, true, false]);
  });

  it("never retries a non-retryable failure", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 20 }), (attempt, maxAttempts) => {
        expect(shouldRetry({ ...policy, maxAttempts }, attempt, false)).toBe(false);
      }),
    );
  });

  it("never retries with a single allowed attempt", () => {
    expect(shouldRetry({ ...policy, maxAttempts: 1 }, 1, true)).toBe(false);
  });
});
