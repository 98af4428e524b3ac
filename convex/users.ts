import { v } from "convex/values";
import { deleteClerkUser, upsertClerkUser } from "./model/clerkUsers.ts";
import { byAppId } from "./model/lookup.ts";
import { toUser } from "./model/mappers.ts";
import { serviceQuery } from "./model/serviceFunctions.ts";
import { nullable, vPlatform } from "./model/validators.ts";
import { vUser } from "./model/return-validators.ts";
import { internalMutation } from "./model/actorRevision.ts";

/** User lookups for the bots, and the Clerk sync the webhook (http.ts) drives. */

export const get = serviceQuery({
  args: { id: v.string() },
  returns: nullable(vUser),
  handler: async (ctx, { id }) => {
    const doc = await byAppId(ctx, "users", id);
    return doc ? toUser(doc) : null;
  },
});

export const findByIdentity = serviceQuery({
  args: { platform: vPlatform, externalUserId: v.string() },
  returns: nullable(vUser),
  handler: async (ctx, { platform, externalUserId }) => {
    const identity = await ctx.db
      .query("identities")
      .withIndex("by_platform_external", (q) => q.eq("platform", platform).eq("externalUserId", externalUserId))
      .unique();
    const doc = identity ? await byAppId(ctx, "users", identity.userId) : null;
    return doc ? toUser(doc) : null;
  },
});

export const syncFromClerk = internalMutation({
  args: { clerkId: v.string(), email: nullable(v.string()), displayName: nullable(v.string()), imageUrl: nullable(v.string()) },
  returns: v.null(),
  handler: (ctx, profile) => upsertClerkUser(ctx, profile, Date.now()),
});

export const deleteFromClerk = internalMutation({
  args: { clerkId: v.string() },
  returns: v.null(),
  handler: (ctx, { clerkId }) => deleteClerkUser(ctx, clerkId, Date.now()),
});
