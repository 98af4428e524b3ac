import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../../core/domain/ledger.ts";
import { decideBooking } from "../../../../core/domain/rules/booking.ts";

const entry: LedgerEntry = {
  id: "led_1",
  workspaceId: "ws_1",
  userId: null,
  jobId: "job_1",
  kind: "charge",
  amount: -2,
  balanceAfter: 8,
  reason: "2 images with local",
  dedupeKey: "charge:job_1",
  createdAt: 0,
};

describe("decideBooking", () => {
  it("answers the entry a dedupe key already booked and moves nothing", () => {
    expect(decideBooking({ balance: 0, existing: entry }, -100)).toEqual({ ok: true, value: { existing: entry } });
  });

  it("refuses an unknown workspace and an overdraft", () => {
    expect(decideBooking({ balance: null, existing: null }, 5)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(decideBooking({ balance: 2, existing: null }, -3)).toMatchObject({ ok: false, error: { code: "INSUFFICIENT_CREDITS" } });
  });

  it("books any movement that leaves the balance at zero or more, and only those", () => {
    fc.assert(
      fc.property(fc.nat(1_000), fc.integer({ min: -1_000, max: 1_000 }), (balance, amount) => {
        const booked = decideBooking({ balance, existing: null }, amount);
        expect(booked.ok).toBe(balance + amount >= 0);
        if (booked.ok) expect(booked.value).toEqual({ balanceAfter: balance + amount });
      }),
    );
  });
});
