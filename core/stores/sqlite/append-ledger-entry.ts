import { newId } from "../../domain/ids.ts";
import type { LedgerEntry, LedgerKind } from "../../domain/ledger.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import { decideBooking } from "../../domain/rules/booking.ts";
import { toLedgerEntry, type LedgerRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export interface LedgerInput {
  workspaceId: string;
  kind: LedgerKind;
  amount: number;
  reason: string;
  userId?: string | null;
  jobId?: string | null;
  dedupeKey?: string | null;
  now: number;
}

/**
 * The only writer of `ledger` and of `workspaces.balance`: both move in the caller's
 * transaction, so the balance always equals the ledger sum. Must run inside `ctx.write` (the
 * IMMEDIATE lock makes the read-decide-write below safe). The rule is rules/booking.ts.
 */
export function appendLedgerEntry(ctx: SqliteContext, input: LedgerInput): Result<LedgerEntry, Rejection> {
  const existing = input.dedupeKey
    ? (ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow | undefined)
    : undefined;
  const balance = ctx.sql("SELECT balance FROM workspaces WHERE id = ?").pluck().get(input.workspaceId) as number | undefined;
  const booking = decideBooking({ balance: balance ?? null, existing: existing ? toLedgerEntry(existing) : null }, input.amount);
  if (!booking.ok) return booking;
  if ("existing" in booking.value) return ok(booking.value.existing);
  const { balanceAfter } = booking.value;
  ctx.sql("UPDATE workspaces SET balance = ? WHERE id = ?").run(balanceAfter, input.workspaceId);
  const row: LedgerRow = {
    id: newId("led", input.now),
    workspace_id: input.workspaceId,
    user_id: input.userId ?? null,
    job_id: input.jobId ?? null,
    kind: input.kind,
    amount: input.amount,
    balance_after: balanceAfter,
    reason: input.reason,
    dedupe_key: input.dedupeKey ?? null,
    created_at: input.now,
  };
  ctx
    .sql(
      `INSERT INTO ledger (id, workspace_id, user_id, job_id, kind, amount, balance_after, reason, dedupe_key, created_at)
       VALUES (@id, @workspace_id, @user_id, @job_id, @kind, @amount, @balance_after, @reason, @dedupe_key, @created_at)`,
    )
    .run(row);
  return ok(toLedgerEntry(row));
}
