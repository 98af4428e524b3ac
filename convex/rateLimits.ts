import { v } from "convex/values";
import { spendToken } from "../core/domain/token-bucket.ts";
import { serviceMutation } from "./model/serviceFunctions.ts";

/** The REST API's token buckets, shared by every replica (core/ports/rate-limit-store.ts). */

const vTake = v.union(v.object({ ok: v.literal(true) }), v.object({ ok: v.literal(false), retryAfterMs: v.number() }));

/** One key's row only: requests with different keys never conflict. */
export const take = serviceMutation({
  args: { key: v.string(), perMinute: v.number(), now: v.number() },
  returns: vTake,
  handler: async (ctx, { key, perMinute, now }) => {
    const row = await ctx.db
      .query("rateLimits")
      .withIndex("by_key", (q) => q.eq("key", key))
      .unique();
    const { bucket, take } = spendToken(row && { tokens: row.tokens, at: row.at }, perMinute, now);
    if (row) await ctx.db.patch(row._id, bucket);
    else await ctx.db.insert("rateLimits", { key, ...bucket });
    return take;
  },
});
