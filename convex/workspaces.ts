import { v } from "convex/values";
import { PLANS } from "../core/domain/plans.ts";
import { readActorRevision } from "./model/actorRevision.ts";
import { byAppId } from "./model/lookup.ts";
import { toMember, toWorkspace } from "./model/mappers.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable, vPlan, vPlatform, vRole, vSettingsPatch } from "./model/validators.ts";
import { ensureMember, ensureWorkspace, findWorkspace, patchWorkspace } from "./model/workspaces.ts";
import { vMember, vUser, vWorkspace } from "./model/return-validators.ts";

/** Workspaces and memberships (WorkspaceStore); users live in users.ts. */

export const ensure = serviceMutation({
  args: { platform: vPlatform, externalId: v.string(), name: v.string(), plan: vPlan, now: v.number() },
  returns: vWorkspace,
  handler: (ctx, input) => ensureWorkspace(ctx, input),
});

export const get = serviceQuery({
  args: { id: v.string() },
  returns: nullable(vWorkspace),
  handler: async (ctx, { id }) => {
    const doc = await byAppId(ctx, "workspaces", id);
    return doc ? toWorkspace(doc) : null;
  },
});

/** WorkspaceStore.actorRevision: what the actor cache reads per request (model/actorRevision.ts). */
export const actorRevision = serviceQuery({
  args: { workspaceId: v.string() },
  returns: nullable(v.object({ revision: v.number(), balance: v.number(), storageUsedBytes: v.number(), updatedAt: v.number() })),
  handler: (ctx, { workspaceId }) => readActorRevision(ctx, workspaceId),
});

export const findByExternal = serviceQuery({
  args: { platform: vPlatform, externalId: v.string() },
  returns: nullable(vWorkspace),
  handler: async (ctx, { platform, externalId }) => {
    const doc = await findWorkspace(ctx, platform, externalId);
    return doc ? toWorkspace(doc) : null;
  },
});

/** In id order (ids are ULIDs, so creation order), like the SQLite store. */
export const list = serviceQuery({
  args: {},
  returns: v.array(vWorkspace),
  handler: async (ctx) => (await ctx.db.query("workspaces").withIndex("by_app_id").collect()).map(toWorkspace),
});

export const updateSettings = serviceMutation({
  args: { id: v.string(), patch: vSettingsPatch, now: v.number() },
  returns: nullable(vWorkspace),
  handler: (ctx, { id, patch, now }) =>
    patchWorkspace(ctx, id, (doc) => ({ settings: { ...doc.settings, ...definedOnly(patch) }, updatedAt: now })),
});

export const setPlan = serviceMutation({
  args: { id: v.string(), plan: vPlan, now: v.number() },
  returns: nullable(vWorkspace),
  handler: (ctx, { id, plan, now }) =>
    patchWorkspace(ctx, id, () => ({ plan, storageQuotaBytes: PLANS[plan].storageQuotaBytes, updatedAt: now })),
});

export const setActive = serviceMutation({
  args: { id: v.string(), active: v.boolean(), now: v.number() },
  returns: nullable(vWorkspace),
  handler: (ctx, { id, active, now }) => patchWorkspace(ctx, id, () => ({ active, updatedAt: now })),
});

export const ensureMemberOf = serviceMutation({
  args: {
    workspaceId: v.string(),
    platform: vPlatform,
    externalUserId: v.string(),
    displayName: nullable(v.string()),
    role: vRole,
    now: v.number(),
  },
  returns: nullable(v.object({ user: vUser, member: vMember })),
  handler: (ctx, input) => ensureMember(ctx, input),
});

export const getMember = serviceQuery({
  args: { workspaceId: v.string(), userId: v.string() },
  returns: nullable(vMember),
  handler: async (ctx, { workspaceId, userId }) => {
    const doc = await ctx.db
      .query("members")
      .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId))
      .unique();
    return doc ? toMember(doc) : null;
  },
});

export const updateMember = serviceMutation({
  args: {
    memberId: v.string(),
    patch: v.object({ role: v.optional(vRole), dailyCapOverride: v.optional(nullable(v.number())), banned: v.optional(v.boolean()) }),
  },
  returns: nullable(vMember),
  handler: async (ctx, { memberId, patch }) => {
    const doc = await byAppId(ctx, "members", memberId);
    if (!doc) return null;
    await ctx.db.patch(doc._id, definedOnly(patch));
    return toMember((await ctx.db.get(doc._id))!);
  },
});

/** Oldest first (created time, then id), like the SQLite store. */
export const listMembers = serviceQuery({
  args: { workspaceId: v.string() },
  returns: v.array(vMember),
  handler: async (ctx, { workspaceId }) => {
    const docs = await ctx.db
      .query("members")
      .withIndex("by_workspace", (q) => q.eq("workspaceId", workspaceId))
      .collect();
    return docs.map(toMember).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  },
});

/** A patch without its undefined keys: Convex's patch would delete those fields. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}
