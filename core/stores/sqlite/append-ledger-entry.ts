import { newId } from "../../domain/ids.ts";
import type { LedgerEntry, LedgerKind } from "../../domain/ledger.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import { decideBooking } from "../../domain/rules/booking.ts";
import { routeBooking } from "../../domain/rules/link.ts";
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
 * IMMEDIATE lock makes the read-decide-write below safe). The rules are rules/booking.ts and,
 * for a workspace that joined a pool, rules/link.ts `routeBooking` (the entry goes to the pool).
 */
export function appendLedgerEntry(ctx: SqliteContext, input: LedgerInput): Result<LedgerEntry, Rejection> {
  const asJoiner = ctx
    .sql("SELECT id, owner_workspace_id AS ownerWorkspaceId, joiner_label AS joinerLabel FROM workspace_links WHERE joiner_workspace_id = ? AND unlinked_at IS NULL")
    .get(input.workspaceId) as { id: string; ownerWorkspaceId: string; joinerLabel: string } | undefined;
  const route = routeBooking(input.workspaceId, input.reason, asJoiner ?? null);
  const existing = input.dedupeKey
    ? (ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow | undefined)
    : undefined;
  const balance = ctx.sql("SELECT balance FROM workspaces WHERE id = ?").pluck().get(route.accountId) as number | undefined;
  const booking = decideBooking({ balance: balance ?? null, existing: existing ? toLedgerEntry(existing) : null }, input.amount);
  if (!booking.ok) return booking;
  if ("existing" in booking.value) return ok(booking.value.existing);
  const { balanceAfter } = booking.value;
  ctx.sql("UPDATE workspaces SET balance = ? WHERE id = ?").run(balanceAfter, route.accountId);
  if (route.linkId) ctx.sql("UPDATE workspace_links SET joiner_net = joiner_net + ? WHERE id = ?").run(input.amount, route.linkId);
  const row: LedgerRow = {
    id: newId("led", input.now),
    workspace_id: route.accountId,
    user_id: input.userId ?? null,
    job_id: input.jobId ?? null,
    kind: input.kind,
    amount: input.amount,
    balance_after: balanceAfter,
    reason: route.reason,
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
