import { PLANS, refillAmount, type PlanId } from "../../domain/plans.ts";
import type { CreditStore } from "../../ports/store.ts";
import { appendLedgerEntry, type LedgerInput } from "./append-ledger-entry.ts";
import { toLedgerEntry, type LedgerRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export function createCreditStore(ctx: SqliteContext): CreditStore {
  const append = ctx.write((input: LedgerInput) => appendLedgerEntry(ctx, input));

  /**
   * At most one refill decision per workspace and period, recorded in `refills` even when
   * nothing was due: otherwise a workspace at its plan amount on the 1st could spend and be
   * topped up again by a second janitor run later that month.
   */
  const refill = ctx.write((workspaceId: string, period: string, now: number) => {
    const workspace = ctx.sql("SELECT plan, balance FROM workspaces WHERE id = ?").get(workspaceId) as
      | { plan: PlanId; balance: number }
      | undefined;
    if (!workspace) return null;
    const amount = refillAmount(workspace.plan, workspace.balance);
    const recorded = ctx
      .sql("INSERT INTO refills (workspace_id, period, amount, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .run(workspaceId, period, amount, now);
    if (recorded.changes === 0 || amount === 0) return null;
    const entry = appendLedgerEntry(ctx, {
      workspaceId,
      kind: "refill",
      amount,
      reason: `Monthly refill for ${period}: topped up to ${PLANS[workspace.plan].monthlyCredits} credits`,
      dedupeKey: `refill:${workspaceId}:${period}`,
      now,
    });
    // A positive amount cannot be refused; the check only narrows the type.
    return entry.ok ? entry.value : null;
  });

  return {
    append: async (input) => append(input),
    list: async (workspaceId, limit) =>
      (ctx.sql("SELECT * FROM ledger WHERE workspace_id = ? ORDER BY id DESC LIMIT ?").all(workspaceId, limit) as LedgerRow[]).map(
        toLedgerEntry,
      ),
    ledgerSum: async (workspaceId) =>
      ctx.sql("SELECT coalesce(sum(amount), 0) FROM ledger WHERE workspace_id = ?").pluck().get(workspaceId) as number,
    refill: async (workspaceId, period, now) => refill(workspaceId, period, now),
  };
}
