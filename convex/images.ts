import { v } from "convex/values";
import { deleteImage, listImages, searchImages } from "./model/images.ts";
import { byAppId } from "./model/lookup.ts";
import { toImage } from "./model/mappers.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable } from "./model/validators.ts";
import { vImage, vImagePage, vImageTotal } from "./model/return-validators.ts";

/** Stored images (ImageStore) and prompt search. Images are written by jobs.complete. */

export const get = serviceQuery({
  args: { id: v.string() },
  returns: nullable(vImage),
  handler: async (ctx, { id }) => {
    const doc = await byAppId(ctx, "images", id);
    return doc ? toImage(doc) : null;
  },
});

export const listForJob = serviceQuery({
  args: { jobId: v.string() },
  returns: v.array(vImage),
  handler: async (ctx, { jobId }) =>
    (await ctx.db.query("images").withIndex("by_job", (q) => q.eq("jobId", jobId)).collect()).map(toImage),
});

export const list = serviceQuery({
  args: { workspaceId: v.string(), userId: v.optional(v.string()), cursor: v.optional(v.string()), limit: v.number() },
  returns: vImagePage,
  handler: (ctx, filter) => listImages(ctx, filter),
});

export const remove = serviceMutation({
  args: { id: v.string(), now: v.number() },
  returns: nullable(vImage),
  handler: (ctx, { id, now }) => deleteImage(ctx, id, now),
});

export const search = serviceQuery({
  args: { workspaceId: v.string(), query: v.string(), viewerUserId: v.string(), offset: v.number(), limit: v.number() },
  returns: vImageTotal,
  handler: (ctx, args) => searchImages(ctx, args),
});
