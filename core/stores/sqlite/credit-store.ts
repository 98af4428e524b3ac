import type { PlanId } from "../../domain/plans.ts";
import { decideRefill } from "../../domain/rules/refill.ts";
import { applyEffects } from "./apply-effects.ts";
import type { CreditStore } from "../../ports/store.ts";
import { appendLedgerEntry, type LedgerInput } from "./append-ledger-entry.ts";
import { chargeOnce } from "./charge-once.ts";
import type { OneOffCharge } from "../../domain/rules/one-off-charge.ts";
import { toLedgerEntry, type LedgerRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { spendableBalance } from "./spendable-balance.ts";

export function createCreditStore(ctx: SqliteContext): CreditStore {
  const append = ctx.write((input: LedgerInput) => appendLedgerEntry(ctx, input));

  /** The rule (one decision per workspace and period) is rules/refill.ts. */
  const refill = ctx.write((workspaceId: string, period: string, now: number) => {
    const row = ctx.sql("SELECT id, plan FROM workspaces WHERE id = ?").get(workspaceId) as { id: string; plan: PlanId } | undefined;
    const workspace = row ? { ...row, balance: spendableBalance(ctx, workspaceId)! } : null;
    // A linked workspace refills the shared pool against its own share of it (rules/refill.ts).
    const link = ctx
      .sql(
        `SELECT owner_workspace_id AS ownerWorkspaceId, joiner_net AS joinerNet FROM workspace_links
         WHERE (owner_workspace_id = @id OR joiner_workspace_id = @id) AND unlinked_at IS NULL`,
      )
      .get({ id: workspaceId }) as { ownerWorkspaceId: string; joinerNet: number } | undefined;
    const alreadyDecided = ctx.sql("SELECT 1 FROM refills WHERE workspace_id = ? AND period = ?").get(workspaceId, period) !== undefined;
    const effects = decideRefill({ workspace, link: link ?? null, alreadyDecided }, period, now);
    applyEffects(ctx, effects);
    const booked = effects.find((effect) => effect.type === "book");
    return booked ? toLedgerEntry(ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(booked.dedupeKey) as LedgerRow) : null;
  });

  const chargeOnceWrite = ctx.write((input: OneOffCharge) => chargeOnce(ctx, input));

  return {
    append: async (input) => append(input),
    chargeOnce: async (input) => chargeOnceWrite(input),
    list: async (workspaceId, limit) =>
      (ctx.sql("SELECT * FROM ledger WHERE workspace_id = ? ORDER BY id DESC LIMIT ?").all(workspaceId, limit) as LedgerRow[]).map(
        toLedgerEntry,
      ),
    ledgerSum: async (workspaceId) =>
      ctx.sql("SELECT coalesce(sum(amount), 0) FROM ledger WHERE workspace_id = ?").pluck().get(workspaceId) as number,
    refill: async (workspaceId, period, now) => refill(workspaceId, period, now),
  };
}
