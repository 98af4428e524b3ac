import { customCtx, customMutation } from "convex-helpers/server/customFunctions";
import { Triggers, type Change } from "convex-helpers/server/triggers";
import type { DataModel, Doc } from "../_generated/dataModel.js";
import { internalMutation as rawInternalMutation, mutation as rawMutation, type MutationCtx, type QueryCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";
import { queueOf, runPolicy, samePolicy } from "./ready-queues.ts";

/**
 * workspaces.actorRevision: moves whenever anything a resolved actor carries changes (the
 * workspace's own fields, any of its members, the users and identities behind them), so the
 * engine's actor cache (core/engine/actor-cache.ts) can answer a known member with one small
 * query instead of two mutations, and still see a ban, a role or a settings change made by any
 * process on the next request. SQLite does this with triggers (migration 5); here Convex
 * triggers (convex-helpers) do it, so every write from every mutation counts, not only the code
 * paths someone remembered.
 *
 * Fields that move with every job (balance, storage used, the workspace's updatedAt, member
 * queue counters) are left out: the cache reads them fresh with the revision, and bumping on
 * them would empty it. A field added to one of these tables later counts by default, which errs
 * on the safe side.
 * Writes made outside mutations (dashboard edits, `npx convex import`) pass no trigger: the actor
 * cache's entries also expire (core/engine/actor-cache.ts), which bounds how long one is missed.
 */
const VOLATILE: { [T in "workspaces" | "members" | "users" | "identities"]: readonly string[] } = {
  workspaces: ["balance", "storageUsedBytes", "updatedAt", "actorRevision"],
  members: ["queued", "running"],
  users: ["storageUsedBytes"],
  identities: [],
};

const triggers = new Triggers<DataModel>();

triggers.register("workspaces", async (ctx, change) => {
  if (change.operation !== "update") return;
  const before = change.oldDoc.actorRevision ?? 0;
  const after = change.newDoc.actorRevision ?? 0;
  // Never backwards (a replace that left the field out), or an old cache entry would match again.
  if (after < before || carriesChange("workspaces", change)) await ctx.innerDb.patch(change.id, { actorRevision: Math.max(before, after) + 1 });
  // The queue row's copy of what claim needs (ready-queues.ts arrive): a plan or NSFW switch
  // reaches the jobs already waiting.
  const policy = runPolicy(change.newDoc);
  if (!samePolicy(runPolicy(change.oldDoc), policy)) {
    const queue = await queueOf(ctx, change.newDoc.appId);
    if (queue) await ctx.innerDb.patch(queue._id, policy);
  }
});
// Both sides of a change (a row moved to another workspace or user concerns both), as SQLite's triggers do.
const sides = <D>(change: { oldDoc: D | null; newDoc: D | null }): D[] => [change.oldDoc, change.newDoc].filter((d): d is D => d !== null);

triggers.register("members", async (ctx, change) => {
  if (carriesChange("members", change)) await bump(ctx, sides(change).map((m) => m.workspaceId));
});
triggers.register("users", async (ctx, change) => {
  if (carriesChange("users", change)) await bump(ctx, (await Promise.all(sides(change).map((u) => workspacesOf(ctx, u.appId)))).flat());
});
triggers.register("identities", async (ctx, change) => {
  if (carriesChange("identities", change)) await bump(ctx, (await Promise.all(sides(change).map((i) => workspacesOf(ctx, i.userId)))).flat());
});

/** Every mutation is built with these, so the triggers above see every write. */
export const mutation = customMutation(rawMutation, customCtx(triggers.wrapDB));
export const internalMutation = customMutation(rawInternalMutation, customCtx(triggers.wrapDB));

/** What the actor cache reads per request: the revision, and the fields that move with every job. */
export async function readActorRevision(ctx: QueryCtx, workspaceId: string) {
  const doc = await byAppId(ctx, "workspaces", workspaceId);
  return doc ? { revision: doc.actorRevision ?? 0, balance: doc.balance, storageUsedBytes: doc.storageUsedBytes, updatedAt: doc.updatedAt } : null;
}

/**
 * An update of a field that is not volatile, or a delete. An insert changes no cached actor (as
 * with SQLite's triggers): a new row is found by the store path, which is what fills the cache.
 */
function carriesChange<T extends keyof typeof VOLATILE>(table: T, change: Change<DataModel, T>): boolean {
  if (change.operation !== "update") return change.operation === "delete";
  const skip = VOLATILE[table];
  const before = change.oldDoc as Record<string, unknown>;
  const after = change.newDoc as Record<string, unknown>;
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const field of fields) {
    if (!skip.includes(field) && JSON.stringify(before[field]) !== JSON.stringify(after[field])) return true;
  }
  return false;
}

async function workspacesOf(ctx: QueryCtx, userId: string): Promise<string[]> {
  const memberships = await ctx.db
    .query("members")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .collect();
  return memberships.map((m: Doc<"members">) => m.workspaceId);
}

/** Through the inner writer: a bump is not itself a change an actor carries. */
async function bump(ctx: MutationCtx & { innerDb: MutationCtx["db"] }, workspaceIds: readonly string[]): Promise<void> {
  for (const id of new Set(workspaceIds)) {
    const doc = await byAppId(ctx, "workspaces", id);
    if (doc) await ctx.innerDb.patch(doc._id, { actorRevision: (doc.actorRevision ?? 0) + 1 });
  }
}
