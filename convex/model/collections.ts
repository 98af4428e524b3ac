import { newId } from "../../core/domain/ids.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";

type CollectionDoc = Doc<"collections">;

export async function channelCollection(ctx: QueryCtx, workspaceId: string, channelKey: string): Promise<CollectionDoc | null> {
  return ctx.db
    .query("collections")
    .withIndex("by_workspace_channel", (q) => q.eq("workspaceId", workspaceId).eq("channelKey", channelKey))
    .unique();
}

/**
 * The channel's shared collection, created on first use. `shareToken` is minted by the caller
 * (node:crypto in the bots): randomness inside a Convex mutation is seeded for determinism,
 * which is not what an unguessable link needs.
 */
export async function ensureChannelCollection(
  ctx: MutationCtx,
  input: { workspaceId: string; channelKey: string; name: string; shareToken: string; now: number },
): Promise<CollectionDoc> {
  const found = await channelCollection(ctx, input.workspaceId, input.channelKey);
  if (found) return found;
  return insertCollection(ctx, { ...input, kind: "channel", userId: null });
}

/** A personal collection ("saved" or "custom") starts unshared: it may hold private images. */
export async function insertCollection(
  ctx: MutationCtx,
  input: {
    kind: CollectionDoc["kind"];
    workspaceId: string;
    userId: string | null;
    name: string;
    now: number;
    channelKey?: string;
    shareToken?: string;
  },
): Promise<CollectionDoc> {
  const id = await ctx.db.insert("collections", {
    appId: newId("col", input.now),
    kind: input.kind,
    workspaceId: input.workspaceId,
    userId: input.userId,
    channelKey: input.channelKey ?? null,
    name: input.name,
    description: null,
    shareToken: input.shareToken ?? null,
    isPublic: false,
    collaboratorUserIds: [],
    imageCount: 0,
    publicImageCount: 0,
    createdAt: input.now,
    updatedAt: input.now,
  });
  return (await ctx.db.get(id))!;
}

async function link(ctx: QueryCtx, collectionId: string, imageId: string) {
  return ctx.db
    .query("collectionImages")
    .withIndex("by_collection_image", (q) => q.eq("collectionId", collectionId).eq("imageId", imageId))
    .unique();
}

/** Idempotent (false when already linked); keeps the collection's counters equal to its links. */
export async function addLink(
  ctx: MutationCtx,
  collection: CollectionDoc,
  image: Doc<"images">,
  addedBy: string | null,
  now: number,
): Promise<boolean> {
  if (await link(ctx, collection.appId, image.appId)) return false;
  await ctx.db.insert("collectionImages", {
    collectionId: collection.appId,
    imageId: image.appId,
    private: image.private,
    addedBy,
    addedAt: now,
  });
  const current = (await ctx.db.get(collection._id))!;
  await ctx.db.patch(collection._id, {
    imageCount: current.imageCount + 1,
    publicImageCount: current.publicImageCount + (image.private ? 0 : 1),
    updatedAt: now,
  });
  return true;
}

/** False when the image was not in the collection. */
export async function removeLink(ctx: MutationCtx, collection: CollectionDoc, imageId: string, now: number): Promise<boolean> {
  const found = await link(ctx, collection.appId, imageId);
  if (!found) return false;
  await ctx.db.delete(found._id);
  const current = (await ctx.db.get(collection._id))!;
  await ctx.db.patch(collection._id, {
    imageCount: current.imageCount - 1,
    publicImageCount: current.publicImageCount - (found.private ? 0 : 1),
    updatedAt: now,
  });
  return true;
}
