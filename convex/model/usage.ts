import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import type { UsageDelta } from "../../core/domain/rules/effects.ts";
import { netSpend } from "../../core/domain/rules/spend.ts";
import type { UsageCounted as Counted } from "../../core/domain/usage.ts";

export type { UsageDelta };

export async function usageRow(ctx: QueryCtx, workspaceId: string, userId: string, date: string): Promise<Doc<"usage"> | null> {
  return ctx.db
    .query("usage")
    .withIndex("by_workspace_user_date", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId).eq("date", date))
    .unique();
}

const ZERO: Record<Counted, number> = {
  requested: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  images: 0,
  creditsCharged: 0,
  creditsRefunded: 0,
  storageBytes: 0,
  apiRequests: 0,
  providerCostUsd: 0,
};

/**
 * Adds `delta` to the (workspace, user, UTC day) row, creating it at zero first, inside the
 * caller's transaction: counters move together with the transition they count.
 */
export async function bumpUsage(ctx: MutationCtx, workspaceId: string, userId: string, date: string, delta: UsageDelta): Promise<void> {
  const row = await usageRow(ctx, workspaceId, userId, date);
  const counts = { ...ZERO };
  for (const key of Object.keys(ZERO) as Counted[]) counts[key] = (row?.[key] ?? 0) + (delta[key] ?? 0);
  const models = [...(row?.models ?? [])];
  if (delta.model && delta.model.images > 0) {
    const { id, images } = delta.model;
    const at = models.findIndex((m) => m.model === id);
    if (at >= 0) models[at] = { model: id, images: models[at]!.images + images };
    else models.push({ model: id, images });
  }
  if (row) await ctx.db.patch(row._id, { ...counts, models });
  else await ctx.db.insert("usage", { workspaceId, userId, date, ...counts, models });
}

/** Net credits (charged - refunded) a member spent on one UTC day. */
export async function spentOn(ctx: QueryCtx, workspaceId: string, userId: string, date: string): Promise<number> {
  return netSpend(await usageRow(ctx, workspaceId, userId, date));
}
