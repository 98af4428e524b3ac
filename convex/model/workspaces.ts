import { newId } from "../../core/domain/ids.ts";
import { PLANS, type PlanId } from "../../core/domain/plans.ts";
import { welcomeGrant } from "../../core/domain/rules/refill.ts";
import {
  DEFAULT_WORKSPACE_SETTINGS,
  type Member,
  type MemberRole,
  type Platform,
  type User,
  type Workspace,
} from "../../core/domain/workspace.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { byAppId, memberOf } from "./lookup.ts";
import { toMember, toUser, toWorkspace } from "./mappers.ts";

export async function findWorkspace(ctx: QueryCtx, platform: Platform, externalId: string) {
  return ctx.db
    .query("workspaces")
    .withIndex("by_platform_external", (q) => q.eq("platform", platform).eq("externalId", externalId))
    .unique();
}

/**
 * Finds or creates the workspace with its plan's grant. Convex runs mutations serializably, so
 * two concurrent calls cannot both see "missing": one retries and finds the other's row.
 */
export async function ensureWorkspace(
  ctx: MutationCtx,
  input: { platform: Platform; externalId: string; name: string; plan: PlanId; now: number },
): Promise<Workspace> {
  const found = await findWorkspace(ctx, input.platform, input.externalId);
  if (found) return toWorkspace(found);
  const plan = PLANS[input.plan];
  const appId = newId("ws", input.now);
  const id = await ctx.db.insert("workspaces", {
    appId,
    platform: input.platform,
    externalId: input.externalId,
    name: input.name,
    plan: input.plan,
    balance: 0,
    storageUsedBytes: 0,
    storageQuotaBytes: plan.storageQuotaBytes,
    settings: DEFAULT_WORKSPACE_SETTINGS,
    active: true,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    createdAt: input.now,
    updatedAt: input.now,
  });
  await applyEffects(ctx, welcomeGrant(appId, input.plan, input.now));
  const doc = (await ctx.db.get(id))!;
  return toWorkspace(doc);
}

/** Applies `patch` to a workspace found by app id; null when unknown. */
export async function patchWorkspace(
  ctx: MutationCtx,
  id: string,
  patch: (doc: Doc<"workspaces">) => Partial<Doc<"workspaces">>,
): Promise<Workspace | null> {
  const doc = await byAppId(ctx, "workspaces", id);
  if (!doc) return null;
  await ctx.db.patch(doc._id, patch(doc));
  return toWorkspace((await ctx.db.get(doc._id))!);
}

async function ensureUser(
  ctx: MutationCtx,
  input: { platform: Platform; externalUserId: string; displayName: string | null; now: number },
): Promise<Doc<"users">> {
  const identity = await ctx.db
    .query("identities")
    .withIndex("by_platform_external", (q) => q.eq("platform", input.platform).eq("externalUserId", input.externalUserId))
    .unique();
  if (identity) {
    const user = await byAppId(ctx, "users", identity.userId);
    if (user) return user;
  }
  const appId = newId("usr", input.now);
  const id = await ctx.db.insert(
    "users",
    newUserDoc({ appId, clerkId: input.platform === "clerk" ? input.externalUserId : null, displayName: input.displayName, now: input.now }),
  );
  if (!identity) {
    await ctx.db.insert("identities", {
      appId: newId("idn", input.now),
      userId: appId,
      platform: input.platform,
      externalUserId: input.externalUserId,
      createdAt: input.now,
    });
  }
  return (await ctx.db.get(id))!;
}

/**
 * User + identity + membership in one transaction. A platform admin is raised to admin on
 * every call (so losing and regaining the role follows the platform), never lowered here.
 */
export async function ensureMember(
  ctx: MutationCtx,
  input: {
    workspaceId: string;
    platform: Platform;
    externalUserId: string;
    displayName: string | null;
    role: MemberRole;
    now: number;
  },
): Promise<{ user: User; member: Member } | null> {
  if (!(await byAppId(ctx, "workspaces", input.workspaceId))) return null;
  const user = await ensureUser(ctx, input);
  const existing = await memberOf(ctx, input.workspaceId, user.appId);
  if (existing) {
    if (input.role === "admin" && existing.role !== "admin") await ctx.db.patch(existing._id, { role: "admin" });
    return { user: toUser(user), member: toMember((await ctx.db.get(existing._id))!) };
  }
  const id = await ctx.db.insert("members", {
    appId: newId("mem", input.now),
    workspaceId: input.workspaceId,
    userId: user.appId,
    role: input.role,
    dailyCapOverride: null,
    banned: false,
    queued: 0,
    running: 0,
    createdAt: input.now,
  });
  return { user: toUser(user), member: toMember((await ctx.db.get(id))!) };
}

/** A user row as first created: the personal-plan fields start on FREE with nothing used. */
export function newUserDoc(input: { appId: string; clerkId: string | null; displayName: string | null; now: number }) {
  return {
    appId: input.appId,
    clerkId: input.clerkId,
    email: null,
    displayName: input.displayName,
    imageUrl: null,
    plan: "FREE" as const,
    subscriptionStatus: null,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    storageUsedBytes: 0,
    storageQuotaBytes: PLANS.FREE.storageQuotaBytes,
    preferences: {},
    createdAt: input.now,
    updatedAt: input.now,
  };
}
