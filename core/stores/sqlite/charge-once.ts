import type { LedgerEntry } from "../../domain/ledger.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import { decideOneOffCharge, type OneOffCharge } from "../../domain/rules/one-off-charge.ts";
import { applyEffects } from "./apply-effects.ts";
import { toLedgerEntry, type LedgerRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { readSpendSnapshot } from "./spend-snapshot.ts";

/** credits.chargeOnce's body; the caller runs it in one IMMEDIATE transaction. The rule is rules/one-off-charge.ts. */
export function chargeOnce(ctx: SqliteContext, input: OneOffCharge): Result<{ entry: LedgerEntry; duplicate: boolean }, Rejection> {
  const existing = ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow | undefined;
  const decision = decideOneOffCharge(
    { existing: existing ? toLedgerEntry(existing) : null, ...readSpendSnapshot(ctx, input) },
    input,
  );
  if (!decision.ok) return decision;
  if ("duplicate" in decision.value) return ok({ entry: decision.value.duplicate, duplicate: true });
  applyEffects(ctx, decision.value.effects);
  const entry = toLedgerEntry(ctx.sql("SELECT * FROM ledger WHERE dedupe_key = ?").get(input.dedupeKey) as LedgerRow);
  return ok({ entry, duplicate: false });
}
