import type { LedgerEntry } from "../ledger.ts";
import type { Rejection } from "../rejections.ts";
import { err, ok, type Result } from "../result.ts";
import { utcDay } from "../usage.ts";
import type { Effect } from "./effects.ts";
import { spendRefusal, type SpendSnapshot } from "./admission.ts";

/** A charge for work that is already done (a /describe answer), booked at most once. */
export interface OneOffCharge {
  workspaceId: string;
  userId: string;
  memberId: string;
  /** Credits to take (positive). */
  price: number;
  /** The ledger line, e.g. "describe with gpt-4.1-mini". */
  reason: string;
  /** Makes the charge happen at most once ("describe:<workspace>:<platform event id>"). */
  dedupeKey: string;
  /** Net credits the member may spend per UTC day; null = no cap. */
  dailyCap: number | null;
  /** What the provider said the work cost us, in US dollars, when it said (added to the day's usage). */
  providerCostUsd: number | null;
  now: number;
}

/** What a store reads, in its transaction, before booking a one-off charge. */
export interface OneOffChargeSnapshot extends SpendSnapshot {
  /** The entry already booked under the charge's dedupe key, if any. */
  existing: LedgerEntry | null;
}

export type OneOffDecision = { duplicate: LedgerEntry } | { effects: Effect[] };

/**
 * A used dedupe key answers the first entry and books nothing (a repeated delivery); then
 * unknown workspace -> unknown member -> banned -> balance -> daily cap, the same order and
 * words as a job's admission (rules/admission.ts). The charge and the day's creditsCharged move
 * together, so /credits and the daily cap count it like any spending. The engine also runs this
 * on what it read before calling the model (`existing: null`), so a refusal costs a call nothing.
 */
export function decideOneOffCharge(snapshot: OneOffChargeSnapshot, input: OneOffCharge): Result<OneOffDecision, Rejection> {
  if (snapshot.existing) return ok({ duplicate: snapshot.existing });
  const refused = spendRefusal(snapshot, input.price, input.dailyCap);
  if (refused) return err(refused);
  return ok({
    effects: [
      {
        type: "book",
        workspaceId: input.workspaceId,
        kind: "charge",
        amount: -input.price,
        reason: input.reason,
        userId: input.userId,
        jobId: null,
        dedupeKey: input.dedupeKey,
        now: input.now,
      },
      {
        type: "usage",
        workspaceId: input.workspaceId,
        userId: input.userId,
        date: utcDay(input.now),
        delta: { creditsCharged: input.price, ...(input.providerCostUsd ? { providerCostUsd: input.providerCostUsd } : {}) },
      },
    ],
  });
}
