import { v } from "convex/values";
import { exportTablePage } from "./model/adminExport.ts";
import { forgetStep, userFootprint } from "./model/adminForget.ts";
import { importBatch } from "./model/adminImport.ts";
import { byAppId } from "./model/lookup.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable } from "./model/validators.ts";
import { vImportBatch, vTransferTable } from "./model/transferValidators.ts";
import { vForgetStep, vTransferRecord } from "./model/return-validators.ts";

/**
 * The operator's functions (StoreAdmin: `npm run admin`, /forget-me). Public because the
 * operator's command line calls them with the service secret, like every bot call; none is on
 * a hot path.
 */

/** A page of a table as export records; `cursor` is the previous page's `nextCursor`. */
export const exportPage = serviceQuery({
  args: { table: vTransferTable, cursor: nullable(v.string()), limit: v.number() },
  returns: v.object({ records: v.array(vTransferRecord), nextCursor: nullable(v.string()) }),
  handler: (ctx, { table, cursor, limit }) => exportTablePage(ctx, table, { cursor, numItems: limit }),
});

export const importRecords = serviceMutation({
  args: { batch: vImportBatch },
  returns: v.object({ inserted: v.number(), skipped: v.number() }),
  handler: (ctx, { batch }) => importBatch(ctx, batch),
});

/** Counts a workspace's images a page at a time, so no read grows with the gallery. */
export const countImagesPage = serviceQuery({
  args: { workspaceId: v.string(), cursor: nullable(v.string()) },
  returns: v.object({ count: v.number(), nextCursor: nullable(v.string()) }),
  handler: async (ctx, { workspaceId, cursor }) => {
    const page = await ctx.db
      .query("images")
      .withIndex("by_workspace_app_id", (q) => q.eq("workspaceId", workspaceId))
      .paginate({ cursor, numItems: 1_000 });
    return { count: page.page.length, nextCursor: page.isDone ? null : page.continueCursor };
  },
});

export const footprint = serviceQuery({
  args: { userId: v.string() },
  returns: v.object({ workspaceIds: v.array(v.string()), pendingJobIds: v.array(v.string()), processingJobIds: v.array(v.string()) }),
  handler: (ctx, { userId }) => userFootprint(ctx, userId),
});

export const userStorageBytes = serviceQuery({
  args: { userId: v.string() },
  returns: v.number(),
  handler: async (ctx, { userId }) => (await byAppId(ctx, "users", userId))?.storageUsedBytes ?? 0,
});

export const forget = serviceMutation({
  args: { userId: v.string(), now: v.number() },
  returns: vForgetStep,
  handler: (ctx, { userId, now }) => forgetStep(ctx, userId, now),
});
