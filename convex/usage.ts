import { v } from "convex/values";
import { toUsageDay } from "./model/mappers.ts";
import { serviceQuery } from "./model/serviceFunctions.ts";
import { spentOn as netSpent } from "./model/usage.ts";
import { vUsageDay } from "./model/return-validators.ts";

/** Daily usage rows (UsageStore); they are written by job transitions and apiKeys.touch. */

/** Rows in [fromDate, toDate] ordered by date, workspace, user, through the index the filter matches. */
export const list = serviceQuery({
  args: { workspaceId: v.optional(v.string()), userId: v.optional(v.string()), fromDate: v.string(), toDate: v.string() },
  returns: v.array(vUsageDay),
  handler: async (ctx, { workspaceId, userId, fromDate, toDate }) => {
    const usage = ctx.db.query("usage");
    const rows =
      workspaceId !== undefined && userId !== undefined
        ? usage.withIndex("by_workspace_user_date", (q) =>
            q.eq("workspaceId", workspaceId).eq("userId", userId).gte("date", fromDate).lte("date", toDate),
          )
        : workspaceId !== undefined
          ? usage.withIndex("by_workspace_date", (q) => q.eq("workspaceId", workspaceId).gte("date", fromDate).lte("date", toDate))
          : userId !== undefined
            ? usage.withIndex("by_user_date", (q) => q.eq("userId", userId).gte("date", fromDate).lte("date", toDate))
            : usage.withIndex("by_date", (q) => q.gte("date", fromDate).lte("date", toDate));
    const days = (await rows.collect()).map(toUsageDay);
    const order = (d: { date: string; workspaceId: string; userId: string }) => `${d.date}\u0000${d.workspaceId}\u0000${d.userId}`;
    return days.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  },
});

export const spentOn = serviceQuery({
  args: { workspaceId: v.string(), userId: v.string(), date: v.string() },
  returns: v.number(),
  handler: (ctx, { workspaceId, userId, date }) => netSpent(ctx, workspaceId, userId, date),
});
