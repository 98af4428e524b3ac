import type { Image } from "../../core/domain/image.ts";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { removeLink } from "./collections.ts";
import { byAppId } from "./lookup.ts";
import { toImage } from "./mappers.ts";
import { matchesPrompt, promptWords } from "./promptSearch.ts";

/** Newest first by id (ULIDs); `cursor` is the last id of the previous page. */
export async function listImages(
  ctx: QueryCtx,
  filter: { workspaceId: string; userId?: string; cursor?: string; limit: number },
): Promise<{ images: Image[]; nextCursor: string | null }> {
  const { workspaceId, userId, cursor, limit } = filter;
  const images = ctx.db.query("images");
  const query =
    userId === undefined
      ? images.withIndex("by_workspace_app_id", (q) => {
          const ws = q.eq("workspaceId", workspaceId);
          return cursor === undefined ? ws : ws.lt("appId", cursor);
        })
      : images.withIndex("by_workspace_user_app_id", (q) => {
          const user = q.eq("workspaceId", workspaceId).eq("userId", userId);
          return cursor === undefined ? user : user.lt("appId", cursor);
        });
  // One row past the page tells whether another page exists.
  const rows = await query.order("desc").take(limit + 1);
  const page = rows.slice(0, limit).map(toImage);
  return { images: page, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
}

/** Removes the row, its collection links and its bytes from the workspace's (and user's) storage. */
export async function deleteImage(ctx: MutationCtx, id: string, now: number): Promise<Image | null> {
  const image = await byAppId(ctx, "images", id);
  if (!image) return null;
  for (const link of await ctx.db.query("collectionImages").withIndex("by_image", (q) => q.eq("imageId", id)).collect()) {
    const collection = await byAppId(ctx, "collections", link.collectionId);
    // Deleting an image is not an edit of the collection: its updatedAt stays.
    if (collection) await removeLink(ctx, collection, id, collection.updatedAt);
  }
  await ctx.db.delete(image._id);
  await applyEffects(ctx, [{ type: "storage", workspaceId: image.workspaceId, userId: image.userId, bytes: -image.bytes, now }]);
  return toImage(image);
}

/** How many search-index hits one search filters, per visibility; the index ranks by relevance, not time. */
export const SEARCH_CANDIDATES = 512;

/**
 * Prompt search with the semantics of matchesPrompt, newest first (by id). Convex's search
 * index finds candidates (any word, ranked by relevance) among the workspace's public images
 * and the viewer's private ones; matchesPrompt then decides. `total` counts matches among the
 * candidates, so it is exact up to SEARCH_CANDIDATES hits per visibility.
 */
export async function searchImages(
  ctx: QueryCtx,
  args: { workspaceId: string; query: string; viewerUserId: string; offset: number; limit: number },
): Promise<{ images: Image[]; total: number }> {
  const words = promptWords(args.query);
  if (words.length === 0) return { images: [], total: 0 };
  // The index sees the words alone, so punctuation means the same to it as to matchesPrompt.
  const text = words.join(" ");
  const visible = await Promise.all([
    ctx.db
      .query("images")
      .withSearchIndex("search_prompt", (q) => q.search("prompt", text).eq("workspaceId", args.workspaceId).eq("private", false))
      .take(SEARCH_CANDIDATES),
    ctx.db
      .query("images")
      .withSearchIndex("search_prompt", (q) =>
        q.search("prompt", text).eq("workspaceId", args.workspaceId).eq("private", true).eq("userId", args.viewerUserId),
      )
      .take(SEARCH_CANDIDATES),
  ]);
  const matches = visible
    .flat()
    .filter((image) => matchesPrompt(args.query, image.prompt))
    .sort((a, b) => (a.appId < b.appId ? 1 : -1));
  return { images: matches.slice(args.offset, args.offset + args.limit).map(toImage), total: matches.length };
}
