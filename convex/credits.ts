import { v } from "convex/values";
import { refillPeriod } from "../core/domain/plans.ts";
import { err } from "../core/domain/result.ts";
import { rejections } from "../core/domain/rejection-messages.ts";
import { internal } from "./_generated/api.js";
import { chargeOnce as bookOneOffCharge } from "./model/chargeOnce.ts";
import { appendEntry } from "./model/ledger.ts";
import { byAppId } from "./model/lookup.ts";
import { toLedgerEntry } from "./model/mappers.ts";
import { refillWorkspace } from "./model/refill.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable, vLedgerKind } from "./model/validators.ts";
import { vLedgerEntry, vRejection, vResult } from "./model/return-validators.ts";
import { internalMutation } from "./model/actorRevision.ts";

/** The credit ledger (CreditStore) and the monthly refill cron's worker. */

export const append = serviceMutation({
  args: {
    workspaceId: v.string(),
    kind: vLedgerKind,
    amount: v.number(),
    reason: v.string(),
    userId: nullable(v.string()),
    jobId: nullable(v.string()),
    dedupeKey: nullable(v.string()),
    now: v.number(),
  },
  returns: vResult(vLedgerEntry, vRejection),
  handler: async (ctx, { workspaceId, ...input }) => {
    const workspace = await byAppId(ctx, "workspaces", workspaceId);
    if (!workspace) return err(rejections.unknownWorkspace());
    return appendEntry(ctx, workspace, input);
  },
});

/** A charge for work already done (/describe), at most once per dedupe key: core/domain/rules/one-off-charge.ts. */
export const chargeOnce = serviceMutation({
  args: {
    workspaceId: v.string(),
    userId: v.string(),
    memberId: v.string(),
    price: v.number(),
    reason: v.string(),
    dedupeKey: v.string(),
    dailyCap: nullable(v.number()),
    providerCostUsd: nullable(v.number()),
    now: v.number(),
  },
  returns: vResult(v.object({ entry: vLedgerEntry, duplicate: v.boolean() }), vRejection),
  handler: (ctx, input) => bookOneOffCharge(ctx, input),
});

/** Newest first (ledger ids are ULIDs, so id order is creation order). */
export const list = serviceQuery({
  args: { workspaceId: v.string(), limit: v.number() },
  returns: v.array(vLedgerEntry),
  handler: async (ctx, { workspaceId, limit }) => {
    const docs = await ctx.db
      .query("ledger")
      .withIndex("by_workspace_app_id", (q) => q.eq("workspaceId", workspaceId))
      .order("desc")
      .take(limit);
    return docs.map(toLedgerEntry);
  },
});

/** Reads every entry: for invariant checks and audits, not for the hot path (the balance is on the workspace). */
export const ledgerSum = serviceQuery({
  args: { workspaceId: v.string() },
  returns: v.number(),
  handler: async (ctx, { workspaceId }) => {
    let sum = 0;
    for await (const entry of ctx.db.query("ledger").withIndex("by_workspace_app_id", (q) => q.eq("workspaceId", workspaceId))) {
      sum += entry.amount;
    }
    return sum;
  },
});

export const refill = serviceMutation({
  args: { workspaceId: v.string(), period: v.string(), now: v.number() },
  returns: nullable(vLedgerEntry),
  handler: async (ctx, { workspaceId, period, now }) => {
    const workspace = await byAppId(ctx, "workspaces", workspaceId);
    return workspace ? refillWorkspace(ctx, workspace, period, now) : null;
  },
});

/**
 * The monthly cron: refills every workspace for the current period, a page per transaction
 * (each page schedules the next) so no transaction grows with the number of workspaces.
 */
export const refillAll = internalMutation({
  args: { cursor: nullable(v.string()), pageSize: v.optional(v.number()) },
  returns: v.number(),
  handler: async (ctx, { cursor, pageSize }): Promise<number> => {
    const now = Date.now();
    const period = refillPeriod(new Date(now));
    const paginationOpts = { cursor, numItems: pageSize ?? 100 };
    const page = await ctx.db.query("workspaces").withIndex("by_app_id").paginate(paginationOpts);
    let refilled = 0;
    for (const workspace of page.page) if (await refillWorkspace(ctx, workspace, period, now)) refilled += 1;
    if (!page.isDone) await ctx.scheduler.runAfter(0, internal.credits.refillAll, { cursor: page.continueCursor, pageSize });
    return refilled;
  },
});
