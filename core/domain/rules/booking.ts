import type { LedgerEntry } from "../ledger.ts";
import { rejections } from "../rejection-messages.ts";
import type { Rejection } from "../rejections.ts";
import { err, ok, type Result } from "../result.ts";

/** What a store reads before appending a ledger entry. */
export interface BookingSnapshot {
  /** The workspace's balance; null when the workspace does not exist. */
  balance: number | null;
  /** The entry already booked under the same dedupe key, if any. */
  existing: LedgerEntry | null;
}

/** The existing entry again (nothing moves), or the balance the new entry leaves. */
export type Booking = { existing: LedgerEntry } | { balanceAfter: number };

/**
 * Charge booking, for every ledger entry (charges, refunds, refills, admin grants): a used
 * dedupe key books nothing and answers the first entry; a balance never goes below zero.
 */
export function decideBooking(snapshot: BookingSnapshot, amount: number): Result<Booking, Rejection> {
  if (snapshot.existing) return ok({ existing: snapshot.existing });
  if (snapshot.balance === null) return err(rejections.unknownWorkspace());
  const balanceAfter = snapshot.balance + amount;
  if (balanceAfter < 0) return err(rejections.overdraft(snapshot.balance, amount));
  return ok({ balanceAfter });
}
