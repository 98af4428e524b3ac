import { newId } from "../../domain/ids.ts";
import type { LedgerEntry, LedgerKind } from "../../domain/ledger.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import { rejections } from "../../domain/rejection-messages.ts";
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
 * transaction, so the balance always equals the ledger sum. Must run inside `ctx.write`.
 * A reused dedupe key returns the entry it already made.
 */
export function appendLedgerEntry(ctx: SqliteContext, input: LedgerInput): Result<LedgerEntry, Rejection> {
  if (input.dedupeKey) {
    const existing = ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow | undefined;
    if (existing) return ok(toLedgerEntry(existing));
  }
  // One statement moves the balance only when it stays >= 0; no row back means refused or unknown.
  const balanceAfter = ctx
    .sql("UPDATE workspaces SET balance = balance + @amount WHERE id = @workspaceId AND balance + @amount >= 0 RETURNING balance")
    .pluck()
    .get(input) as number | undefined;
  if (balanceAfter === undefined) {
    const balance = ctx.sql("SELECT balance FROM workspaces WHERE id = ?").pluck().get(input.workspaceId) as number | undefined;
    return err(balance === undefined ? rejections.unknownWorkspace() : rejections.overdraft(balance, input.amount));
  }
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
