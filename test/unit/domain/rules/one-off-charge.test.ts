import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../../../core/domain/ledger.ts";
import { decideOneOffCharge, type OneOffCharge, type OneOffChargeSnapshot } from "../../../../core/domain/rules/one-off-charge.ts";

const open: OneOffChargeSnapshot = { existing: null, workspace: { balance: 10 }, member: { banned: false }, today: null };
const T = Date.UTC(2026, 11, 6, 23, 59, 0);
const charge = (patch: Partial<OneOffCharge> = {}): OneOffCharge => ({
  workspaceId: "ws_1",
  userId: "usr_1",
  memberId: "mem_1",
  price: 2,
  reason: "describe with gpt-4.1-mini",
  dedupeKey: "describe:ws_1:discord:123",
  dailyCap: 5,
  providerCostUsd: 0.0003,
  now: T,
  ...patch,
});

describe("decideOneOffCharge (/describe's charge for work already done)", () => {
  it.each([
    ["unknown workspace", { workspace: null, member: null }, "NOT_FOUND"],
    ["unknown member", { member: null, workspace: { balance: 0 } }, "NOT_FOUND"],
    ["banned", { member: { banned: true }, workspace: { balance: 0 } }, "BANNED"],
    ["balance", { workspace: { balance: 1 }, today: { creditsCharged: 9, creditsRefunded: 0 } }, "INSUFFICIENT_CREDITS"],
    ["daily cap", { today: { creditsCharged: 5, creditsRefunded: 1 } }, "DAILY_CAP"],
  ] as const)("refuses on %s first, booking nothing", (_rule, patch, code) => {
    const decided = decideOneOffCharge({ ...open, ...patch } as OneOffChargeSnapshot, charge());
    expect(decided).toMatchObject({ ok: false, error: { code } });
  });

  it("a used dedupe key answers the first entry and books nothing, even when it would now be refused", () => {
    const first = { id: "led_1", dedupeKey: "describe:ws_1:discord:123" } as LedgerEntry;
    expect(decideOneOffCharge({ ...open, existing: first, workspace: null }, charge())).toEqual({ ok: true, value: { duplicate: first } });
  });

  it("books the charge with its dedupe key and adds it (and the provider's cost) to the UTC day's usage", () => {
    const decided = decideOneOffCharge(open, charge());
    expect(decided).toEqual({
      ok: true,
      value: {
        effects: [
          { type: "book", workspaceId: "ws_1", kind: "charge", amount: -2, reason: "describe with gpt-4.1-mini", userId: "usr_1", jobId: null, dedupeKey: "describe:ws_1:discord:123", now: T },
          { type: "usage", workspaceId: "ws_1", userId: "usr_1", date: "2026-12-06", delta: { creditsCharged: 2, providerCostUsd: 0.0003 } },
        ],
      },
    });
  });
});
