export const LEDGER_KINDS = ["grant", "charge", "refund", "refill", "adjustment"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** One append-only credit movement; `amount` is signed (charges are negative). */
export interface LedgerEntry {
  id: string;
  workspaceId: string;
  userId: string | null;
  jobId: string | null;
  kind: LedgerKind;
  amount: number;
  /** The workspace balance right after this entry. */
  balanceAfter: number;
  reason: string;
  /** Makes an entry happen at most once: "charge:<job>", "refund:<job>", "refill:<ws>:2026-11". */
  dedupeKey: string | null;
  createdAt: number;
}
