import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlanId, PLAN_IDS, PLANS, refillAmount, refillPeriod } from "../../../core/domain/plans.ts";

const GB = 1024 ** 3;

describe("PLANS", () => {
  it("holds the seed's credits, storage and per-member caps", () => {
    expect(PLANS).toEqual({
      FREE: { id: "FREE", monthlyCredits: 10, storageQuotaBytes: 1 * GB, maxRunningPerMember: 1, maxQueuedPerMember: 3 },
      PRO: { id: "PRO", monthlyCredits: 500, storageQuotaBytes: 100 * GB, maxRunningPerMember: 3, maxQueuedPerMember: 10 },
      ENTERPRISE: { id: "ENTERPRISE", monthlyCredits: 2000, storageQuotaBytes: 500 * GB, maxRunningPerMember: 10, maxQueuedPerMember: 50 },
    });
  });

  it("keys every plan by its own id, in PLAN_IDS order", () => {
    expect(PLAN_IDS).toEqual(["FREE", "PRO", "ENTERPRISE"]);
    for (const id of PLAN_IDS) expect(PLANS[id].id).toBe(id);
  });

  it("recognises plan ids exactly", () => {
    expect(isPlanId("FREE")).toBe(true);
    expect(isPlanId("PRO")).toBe(true);
    expect(isPlanId("ENTERPRISE")).toBe(true);
    expect(isPlanId("free")).toBe(false);
    expect(isPlanId("GOLD")).toBe(false);
    expect(isPlanId("")).toBe(false);
  });
});

describe("refillAmount", () => {
  it("tops an empty balance up to the plan's monthly credits", () => {
    expect(refillAmount("FREE", 0)).toBe(10);
    expect(refillAmount("PRO", 0)).toBe(500);
    expect(refillAmount("ENTERPRISE", 0)).toBe(2000);
  });

  it("tops a partly spent balance up to exactly the plan amount", () => {
    expect(refillAmount("FREE", 3)).toBe(7);
    expect(refillAmount("PRO", 499)).toBe(1);
    expect(refillAmount("ENTERPRISE", 1500)).toBe(500);
  });

  it("gives nothing (and never takes) when granted credits carry the balance to or above the plan", () => {
    expect(refillAmount("FREE", 10)).toBe(0);
    expect(refillAmount("FREE", 250)).toBe(0);
    expect(refillAmount("PRO", 501)).toBe(0);
  });

  it("always leaves the balance at max(plan amount, balance)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLAN_IDS), fc.integer({ min: 0, max: 1_000_000 }), (plan, balance) => {
        const amount = refillAmount(plan, balance);
        expect(amount).toBeGreaterThanOrEqual(0);
        expect(balance + amount).toBe(Math.max(PLANS[plan].monthlyCredits, balance));
      }),
    );
  });
});

describe("refillPeriod", () => {
  it("names the UTC month", () => {
    expect(refillPeriod(new Date(Date.UTC(2026, 10, 26, 12)))).toBe("2026-11");
    expect(refillPeriod(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)))).toBe("2026-01");
  });

  it("uses UTC at month boundaries, not local time", () => {
    expect(refillPeriod(new Date(Date.UTC(2026, 10, 30, 23, 59, 59, 999)))).toBe("2026-11");
    expect(refillPeriod(new Date(Date.UTC(2026, 11, 1, 0, 0, 0)))).toBe("2026-12");
    expect(refillPeriod(new Date("2027-01-01T00:30:00+01:00"))).toBe("2026-12");
  });
});
