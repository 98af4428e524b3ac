import type { LedgerEntry } from "../../core/domain/ledger.ts";
import { decideRefill } from "../../core/domain/rules/refill.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { findByDedupeKey } from "./ledger.ts";
import { activeLinkOf, spendableBalance } from "./links.ts";
import { toLedgerEntry } from "./mappers.ts";

/** The monthly refill of one workspace; the rule (one decision per period) is core/domain/rules/refill.ts. */
export async function refillWorkspace(ctx: MutationCtx, workspace: Doc<"workspaces">, period: string, now: number): Promise<LedgerEntry | null> {
  const done = await ctx.db
    .query("refills")
    .withIndex("by_workspace_period", (q) => q.eq("workspaceId", workspace.appId).eq("period", period))
    .unique();
  // A linked workspace refills the shared pool against its own share of it (rules/refill.ts).
  const effects = decideRefill(
    {
      workspace: { id: workspace.appId, plan: workspace.plan, balance: await spendableBalance(ctx, workspace) },
      link: await activeLinkOf(ctx, workspace.appId),
      alreadyDecided: done !== null,
    },
    period,
    now,
  );
  await applyEffects(ctx, effects);
  const booked = effects.find((effect) => effect.type === "book");
  const entry = booked?.dedupeKey ? await findByDedupeKey(ctx, booked.dedupeKey) : null;
  return entry ? toLedgerEntry(entry) : null;
}
