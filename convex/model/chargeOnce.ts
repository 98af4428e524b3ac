import type { LedgerEntry } from "../../core/domain/ledger.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import { ok, type Result } from "../../core/domain/result.ts";
import { decideOneOffCharge, type OneOffCharge } from "../../core/domain/rules/one-off-charge.ts";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { findByDedupeKey } from "./ledger.ts";
import { toLedgerEntry } from "./mappers.ts";
import { readSpendSnapshot } from "./spendSnapshot.ts";

/**
 * credits.chargeOnce: the snapshot of rules/one-off-charge.ts read and its effects applied in
 * this one mutation, so a refused charge changes nothing and a repeated key books nothing.
 */
export async function chargeOnce(ctx: MutationCtx, input: OneOffCharge): Promise<Result<{ entry: LedgerEntry; duplicate: boolean }, Rejection>> {
  const existing = await findByDedupeKey(ctx, input.dedupeKey);
  const decision = decideOneOffCharge({ existing: existing ? toLedgerEntry(existing) : null, ...(await readSpendSnapshot(ctx, input)) }, input);
  if (!decision.ok) return decision;
  if ("duplicate" in decision.value) return ok({ entry: decision.value.duplicate, duplicate: true });
  await applyEffects(ctx, decision.value.effects);
  return ok({ entry: toLedgerEntry((await findByDedupeKey(ctx, input.dedupeKey))!), duplicate: false });
}
