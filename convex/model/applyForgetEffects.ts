import type { ForgetEffect, RowKey } from "../../core/domain/rules/effects.ts";
import { unhandledEffect } from "../../core/domain/rules/effects.ts";
import { newId } from "../../core/domain/ids.ts";
import type { Doc, TableNames } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { removeLink } from "./collections.ts";
import { byAppId, memberOf } from "./lookup.ts";
import { newUserDoc } from "./workspaces.ts";

/** The Convex table behind each table name of the forget effects; a RowKey is the document's _id. */
const TABLES = {
  images: "images",
  collections: "collections",
  collectionLinks: "collectionImages",
  apiKeys: "apiKeys",
  usage: "usage",
  members: "members",
  identities: "identities",
  users: "users",
  jobs: "generationJobs",
  ledger: "ledger",
  workspaces: "workspaces",
  installations: "installations",
} as const satisfies Record<string, TableNames>;

type Table = keyof typeof TABLES;

/** The row a key names; a key naming nothing means the snapshot and the tables disagree. */
async function row<T extends Table>(ctx: MutationCtx, table: T, key: RowKey): Promise<Doc<(typeof TABLES)[T]>> {
  const id = ctx.db.normalizeId(TABLES[table], key);
  const doc = id === null ? null : await ctx.db.get(id);
  if (!doc) throw new Error(`forget: no ${table} row ${key}`);
  return doc as Doc<(typeof TABLES)[T]>;
}

/** Removes a link keeping its collection's counts; deleting an image is not an edit of the collection, so its updatedAt stays. */
async function unlink(ctx: MutationCtx, link: Doc<"collectionImages">): Promise<void> {
  const collection = await byAppId(ctx, "collections", link.collectionId);
  if (collection) await removeLink(ctx, collection, link.imageId, collection.updatedAt);
  else await ctx.db.delete(link._id);
}

/**
 * Writes what rules/forget.ts decided inside the calling mutation, in list order. Nothing here
 * decides: a missing row throws and rolls the whole step back.
 */
export async function applyForgetEffects(ctx: MutationCtx, effects: readonly ForgetEffect[]): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case "usage":
      case "storage":
        await applyEffects(ctx, [effect]);
        break;
      case "ensureTombstone":
        if (!(await byAppId(ctx, "users", effect.userId))) {
          await ctx.db.insert("users", newUserDoc({ appId: effect.userId, clerkId: null, displayName: effect.displayName, now: effect.now }));
        }
        for (const workspaceId of effect.workspaceIds) {
          if (await memberOf(ctx, workspaceId, effect.userId)) continue;
          const appId = newId("mem", effect.now);
          await ctx.db.insert("members", { appId, workspaceId, userId: effect.userId, role: "member", dailyCapOverride: null, banned: false, queued: 0, running: 0, createdAt: effect.now });
        }
        break;
      case "deleteRows":
        for (const key of effect.keys) {
          if (effect.table === "collectionLinks") {
            await unlink(ctx, await row(ctx, "collectionLinks", key));
            continue;
          }
          const doc = await row(ctx, effect.table, key);
          if (effect.table === "images") {
            const appId = (doc as Doc<"images">).appId;
            for (const link of await ctx.db.query("collectionImages").withIndex("by_image", (q) => q.eq("imageId", appId)).collect()) await unlink(ctx, link);
          }
          if (effect.table === "collections") {
            const appId = (doc as Doc<"collections">).appId;
            // The rule deletes a collection only once its links are gone (SQLite cascades them).
            if (await ctx.db.query("collectionImages").withIndex("by_collection_added", (q) => q.eq("collectionId", appId)).first()) {
              throw new Error(`forget: collection ${appId} still has links`);
            }
          }
          await ctx.db.delete(doc._id);
        }
        break;
      case "repointRows":
        for (const key of effect.keys) {
          if (effect.table === "jobs") {
            const job = await row(ctx, "jobs", key);
            const member = await memberOf(ctx, job.workspaceId, effect.userId);
            if (!member) throw new Error(`forget: ${effect.userId} has no membership of ${job.workspaceId}`);
            await ctx.db.patch(job._id, { ...effect.scrub, userId: effect.userId, memberId: member.appId });
          } else if (effect.table === "ledger") {
            await ctx.db.patch((await row(ctx, "ledger", key))._id, { userId: effect.userId });
          } else {
            await ctx.db.patch((await row(ctx, "collectionLinks", key))._id, { addedBy: effect.userId });
          }
        }
        break;
      case "setCollaborators":
        await ctx.db.patch((await row(ctx, "collections", effect.key))._id, { collaboratorUserIds: effect.userIds });
        break;
      case "closeWorkspace":
        await ctx.db.patch((await row(ctx, "workspaces", effect.key))._id, { name: effect.name, active: false, updatedAt: effect.now });
        break;
      case "clearInstaller":
        await ctx.db.patch((await row(ctx, "installations", effect.key))._id, { installedByUserId: null });
        break;
      default:
        unhandledEffect(effect);
    }
  }
}
