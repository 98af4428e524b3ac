import { v } from "convex/values";
import { utcDay } from "../core/domain/usage.ts";
import { byAppId } from "./model/lookup.ts";
import { toApiKey } from "./model/mappers.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { bumpUsage } from "./model/usage.ts";
import { nullable, vScope } from "./model/validators.ts";
import { vApiKey } from "./model/return-validators.ts";

/** The seed's API keys (ApiKeyStore): only the SHA-256 hash and display prefix are stored. */

export const create = serviceMutation({
  args: {
    id: v.string(),
    workspaceId: v.string(),
    userId: v.string(),
    name: v.string(),
    prefix: v.string(),
    keyHash: v.string(),
    scopes: v.array(vScope),
    rateLimitPerMinute: v.number(),
    createdAt: v.number(),
  },
  returns: vApiKey,
  handler: async (ctx, { id, ...key }) => {
    const docId = await ctx.db.insert("apiKeys", { ...key, appId: id, requestCount: 0, lastUsedAt: null, revokedAt: null });
    return toApiKey((await ctx.db.get(docId))!);
  },
});

/** Null when unknown or revoked. */
export const findByHash = serviceQuery({
  args: { keyHash: v.string() },
  returns: nullable(vApiKey),
  handler: async (ctx, { keyHash }) => {
    const doc = await ctx.db
      .query("apiKeys")
      .withIndex("by_key_hash", (q) => q.eq("keyHash", keyHash))
      .unique();
    return doc && doc.revokedAt === null ? toApiKey(doc) : null;
  },
});

/** Newest first. */
export const list = serviceQuery({
  args: { workspaceId: v.string() },
  returns: v.array(vApiKey),
  handler: async (ctx, { workspaceId }) => {
    const docs = await ctx.db
      .query("apiKeys")
      .withIndex("by_workspace_created", (q) => q.eq("workspaceId", workspaceId))
      .order("desc")
      .collect();
    return docs.map(toApiKey);
  },
});

/** False when unknown or already revoked. */
export const revoke = serviceMutation({
  args: { id: v.string(), now: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { id, now }) => {
    const doc = await byAppId(ctx, "apiKeys", id);
    if (!doc || doc.revokedAt !== null) return false;
    await ctx.db.patch(doc._id, { revokedAt: now });
    return true;
  },
});

/** Counts one authenticated REST request on the key and on the day's usage row. */
export const touch = serviceMutation({
  args: { id: v.string(), now: v.number() },
  returns: v.null(),
  handler: async (ctx, { id, now }) => {
    const doc = await byAppId(ctx, "apiKeys", id);
    if (!doc) return null;
    await ctx.db.patch(doc._id, { requestCount: doc.requestCount + 1, lastUsedAt: now });
    await bumpUsage(ctx, doc.workspaceId, doc.userId, utcDay(now), { apiRequests: 1 });
    return null;
  },
});
