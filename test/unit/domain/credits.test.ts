import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveDailyCap, priceOf, refundFor } from "../../../core/domain/credits.ts";

describe("priceOf", () => {
  it("is count times the price per image", () => {
    expect(priceOf(1, 1)).toBe(1);
    expect(priceOf(4, 5)).toBe(20);
    expect(priceOf(3, 2)).toBe(6);
  });
});

describe("refundFor", () => {
  const job = { creditsCharged: 20, count: 4 };

  it("refunds everything when the job failed or was cancelled", () => {
    expect(refundFor(job, "failed")).toBe(20);
    expect(refundFor(job, "cancelled")).toBe(20);
    expect(refundFor(job, "failed", 3)).toBe(20);
  });

  it("refunds each missing image on a partial completion", () => {
    expect(refundFor(job, "completed", 4)).toBe(0);
    expect(refundFor(job, "completed", 3)).toBe(5);
    expect(refundFor(job, "completed", 1)).toBe(15);
    expect(refundFor({ creditsCharged: 6, count: 3 }, "completed", 2)).toBe(2);
  });

  it("refunds everything for a completion with no images", () => {
    expect(refundFor(job, "completed", 0)).toBe(20);
    expect(refundFor(job, "completed")).toBe(20);
  });

  it("never refunds for extra images, or more than was charged for nonsense counts", () => {
    expect(refundFor(job, "completed", 6)).toBe(0);
    expect(refundFor(job, "completed", -2)).toBe(20);
  });

  it("rounds down when the charge does not split evenly", () => {
    expect(refundFor({ creditsCharged: 5, count: 3 }, "completed", 1)).toBe(3);
    expect(refundFor({ creditsCharged: 5, count: 3 }, "completed", 2)).toBe(1);
  });

  it("is zero for a free job", () => {
    expect(refundFor({ creditsCharged: 0, count: 2 }, "failed")).toBe(0);
  });

  it("never exceeds the charge and never goes negative", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 100 }),
        fc.constantFrom("completed" as const, "failed" as const, "cancelled" as const),
        fc.integer({ min: -10, max: 10 }),
        (count, perImage, outcome, delivered) => {
          const charged = count * perImage;
          const refund = refundFor({ creditsCharged: charged, count }, outcome, delivered);
          expect(Number.isInteger(refund)).toBe(true);
          expect(refund).toBeGreaterThanOrEqual(0);
          expect(refund).toBeLessThanOrEqual(charged);
        },
      ),
    );
  });

  it("on completion refunds exactly the missing images' price when priced per image", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 50 }), fc.nat(4), (count, perImage, delivered) => {
        fc.pre(delivered <= count);
        expect(refundFor({ creditsCharged: count * perImage, count }, "completed", delivered)).toBe((count - delivered) * perImage);
      }),
    );
  });
});

describe("effectiveDailyCap", () => {
  it("uses the member's override, else the workspace's cap, else none", () => {
    expect(effectiveDailyCap(50, 10)).toBe(10);
    expect(effectiveDailyCap(50, null)).toBe(50);
    expect(effectiveDailyCap(null, null)).toBeNull();
    expect(effectiveDailyCap(null, 7)).toBe(7);
  });

  it("honours an override of zero (the member may spend nothing)", () => {
    expect(effectiveDailyCap(50, 0)).toBe(0);
  });
});
