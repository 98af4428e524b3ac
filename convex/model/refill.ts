import type { LedgerEntry } from "../../core/domain/ledger.ts";
import { PLANS, refillAmount } from "../../core/domain/plans.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { appendEntry } from "./ledger.ts";

/**
 * Tops the balance up to the plan's monthly amount once per period. The period is recorded
 * even when nothing was due, so a later spend in the same month does not trigger a refill.
 */
export async function refillWorkspace(ctx: MutationCtx, workspace: Doc<"workspaces">, period: string, now: number): Promise<LedgerEntry | null> {
  const done = await ctx.db
    .query("refills")
    .withIndex("by_workspace_period", (q) => q.eq("workspaceId", workspace.appId).eq("period", period))
    .unique();
  if (done) return null;
  const amount = refillAmount(workspace.plan, workspace.balance);
  await ctx.db.insert("refills", { workspaceId: workspace.appId, period, amount, createdAt: now });
  if (amount === 0) return null;
  const entry = await appendEntry(ctx, workspace, {
    kind: "refill",
    amount,
    reason: `Monthly refill for ${period}: topped up to ${PLANS[workspace.plan].monthlyCredits} credits`,
    userId: null,
    jobId: null,
    dedupeKey: `refill:${workspace.appId}:${period}`,
    now,
  });
  return entry.ok ? entry.value : null;
}
