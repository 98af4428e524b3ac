import type { LedgerEntry } from "../../domain/ledger.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import { decideOneOffCharge, type OneOffCharge } from "../../domain/rules/one-off-charge.ts";
import { utcDay } from "../../domain/usage.ts";
import { applyEffects } from "./apply-effects.ts";
import { toLedgerEntry, type LedgerRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { spendableBalance } from "./spendable-balance.ts";

/** credits.chargeOnce's body; the caller runs it in one IMMEDIATE transaction. The rule is rules/one-off-charge.ts. */
export function chargeOnce(ctx: SqliteContext, input: OneOffCharge): Result<{ entry: LedgerEntry; duplicate: boolean }, Rejection> {
  const existing = ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow | undefined;
  // A workspace that joined a pool is charged from the pool (rules/link.ts).
  const balance = spendableBalance(ctx, input.workspaceId);
  const member = ctx.sql("SELECT banned FROM members WHERE id = ? AND workspace_id = ?").get(input.memberId, input.workspaceId) as
    | { banned: number }
    | undefined;
  const today = ctx
    .sql("SELECT credits_charged AS creditsCharged, credits_refunded AS creditsRefunded FROM usage WHERE workspace_id = ? AND user_id = ? AND date = ?")
    .get(input.workspaceId, input.userId, utcDay(input.now)) as { creditsCharged: number; creditsRefunded: number } | undefined;
  const decision = decideOneOffCharge(
    {
      existing: existing ? toLedgerEntry(existing) : null,
      workspace: balance === undefined ? null : { balance },
      member: member ? { banned: member.banned === 1 } : null,
      today: today ?? null,
    },
    input,
  );
  if (!decision.ok) return decision;
  if ("duplicate" in decision.value) return ok({ entry: decision.value.duplicate, duplicate: true });
  applyEffects(ctx, decision.value.effects);
  const entry = toLedgerEntry(ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow);
  return ok({ entry, duplicate: false });
}
