import { v } from "convex/values";
import type { Image } from "../core/domain/image.ts";
import { addLink, ensureChannelCollection, insertCollection, removeLink } from "./model/collections.ts";
import { byAppId } from "./model/lookup.ts";
import { toCollection, toImage } from "./model/mappers.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable } from "./model/validators.ts";
import { vCollection, vImageTotal } from "./model/return-validators.ts";

/** Collections (CollectionStore): personal ones and each channel's shared one. */

/** Also follows channel renames; `shareToken` is used only when this creates the collection. */
export const ensureForChannel = serviceMutation({
  args: { workspaceId: v.string(), channelKey: v.string(), name: v.string(), now: v.number(), shareToken: v.string() },
  returns: vCollection,
  handler: async (ctx, input) => {
    const doc = await ensureChannelCollection(ctx, input);
    if (doc.name !== input.name) await ctx.db.patch(doc._id, { name: input.name, updatedAt: input.now });
    return toCollection((await ctx.db.get(doc._id))!);
  },
});

export const get = serviceQuery({
  args: { id: v.string() },
  returns: nullable(vCollection),
  handler: async (ctx, { id }) => {
    const doc = await byAppId(ctx, "collections", id);
    return doc ? toCollection(doc) : null;
  },
});

export const getByShareToken = serviceQuery({
  args: { token: v.string() },
  returns: nullable(vCollection),
  handler: async (ctx, { token }) => {
    const doc = await ctx.db
      .query("collections")
      .withIndex("by_share_token", (q) => q.eq("shareToken", token))
      .unique();
    return doc ? toCollection(doc) : null;
  },
});

/** Most recently updated first (then id), like the SQLite store. */
export const listForWorkspace = serviceQuery({
  args: { workspaceId: v.string() },
  returns: v.array(vCollection),
  handler: async (ctx, { workspaceId }) => {
    const docs = await ctx.db
      .query("collections")
      .withIndex("by_workspace", (q) => q.eq("workspaceId", workspaceId))
      .collect();
    return docs.map(toCollection).sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : -1));
  },
});

/** The member's "saved" collection, created on first use; it keeps the name it was created with. */
export const ensureForUser = serviceMutation({
  args: { workspaceId: v.string(), userId: v.string(), name: v.string(), now: v.number() },
  returns: vCollection,
  handler: async (ctx, input) => {
    const found = await ctx.db
      .query("collections")
      .withIndex("by_workspace_kind_user", (q) => q.eq("workspaceId", input.workspaceId).eq("kind", "saved").eq("userId", input.userId))
      .first();
    return toCollection(found ?? (await insertCollection(ctx, { ...input, kind: "saved" })));
  },
});

export const create = serviceMutation({
  args: { workspaceId: v.string(), userId: nullable(v.string()), name: v.string(), now: v.number() },
  returns: vCollection,
  handler: async (ctx, input) => toCollection(await insertCollection(ctx, { ...input, kind: "custom" })),
});

/** True when linked (now or before); false when either side is unknown or in another workspace. */
export const addImage = serviceMutation({
  args: { collectionId: v.string(), imageId: v.string(), addedBy: nullable(v.string()), now: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { collectionId, imageId, addedBy, now }) => {
    const collection = await byAppId(ctx, "collections", collectionId);
    const image = await byAppId(ctx, "images", imageId);
    if (!collection || !image || image.workspaceId !== collection.workspaceId) return false;
    await addLink(ctx, collection, image, addedBy, now);
    return true;
  },
});

export const removeImage = serviceMutation({
  args: { collectionId: v.string(), imageId: v.string(), now: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { collectionId, imageId, now }) => {
    const collection = await byAppId(ctx, "collections", collectionId);
    return collection ? removeLink(ctx, collection, imageId, now) : false;
  },
});

/**
 * Most recently added first. Offset paging reads offset + limit links, so deep pages cost
 * more; the total comes from the collection's counters, not a count.
 */
export const listImages = serviceQuery({
  args: { collectionId: v.string(), offset: v.number(), limit: v.number(), includePrivate: v.optional(v.boolean()) },
  returns: vImageTotal,
  handler: async (ctx, { collectionId, offset, limit, includePrivate }) => {
    const collection = await byAppId(ctx, "collections", collectionId);
    if (!collection) return { images: [] as Image[], total: 0 };
    const links = ctx.db.query("collectionImages");
    const ordered = includePrivate
      ? links.withIndex("by_collection_added", (q) => q.eq("collectionId", collectionId))
      : links.withIndex("by_collection_private_added", (q) => q.eq("collectionId", collectionId).eq("private", false));
    const page = (await ordered.order("desc").take(offset + limit)).slice(offset);
    const images: Image[] = [];
    for (const link of page) {
      const image = await byAppId(ctx, "images", link.imageId);
      if (image) images.push(toImage(image));
    }
    return { images, total: includePrivate ? collection.imageCount : collection.publicImageCount };
  },
});

/** A new token revokes the old one; null turns sharing off. */
export const setShareToken = serviceMutation({
  args: { collectionId: v.string(), token: nullable(v.string()), now: v.number() },
  returns: nullable(vCollection),
  handler: async (ctx, { collectionId, token, now }) => {
    const doc = await byAppId(ctx, "collections", collectionId);
    if (!doc) return null;
    await ctx.db.patch(doc._id, { shareToken: token, updatedAt: now });
    return toCollection((await ctx.db.get(doc._id))!);
  },
});
