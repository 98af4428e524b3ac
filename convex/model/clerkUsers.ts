import { PLANS } from "../../core/domain/plans.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { byAppId } from "./lookup.ts";
import { ensureMember, ensureWorkspace, findWorkspace } from "./workspaces.ts";

export interface ClerkProfile {
  clerkId: string;
  email: string | null;
  displayName: string | null;
  imageUrl: string | null;
}

export async function userByClerkId(ctx: QueryCtx, clerkId: string): Promise<Doc<"users"> | null> {
  return ctx.db
    .query("users")
    .withIndex("by_clerk_id", (q) => q.eq("clerkId", clerkId))
    .unique();
}

/**
 * user.created / user.updated: the profile fields the seed syncs, plus the user's own
 * workspace (platform "clerk", the billing account for the website) on its plan's grant.
 * Idempotent, since Clerk (through svix) delivers at least once.
 */
export async function upsertClerkUser(ctx: MutationCtx, profile: ClerkProfile, now: number): Promise<void> {
  const fields = { email: profile.email, displayName: profile.displayName, imageUrl: profile.imageUrl, updatedAt: now };
  const existing = await userByClerkId(ctx, profile.clerkId);
  if (existing) {
    await ctx.db.patch(existing._id, fields);
    return;
  }
  const workspace = await ensureWorkspace(ctx, {
    platform: "clerk",
    externalId: profile.clerkId,
    name: profile.displayName ?? profile.email ?? profile.clerkId,
    plan: "FREE",
    now,
  });
  // ensureMember creates the user and its "clerk" identity; the profile fills in the rest.
  const joined = (await ensureMember(ctx, {
    workspaceId: workspace.id,
    platform: "clerk",
    externalUserId: profile.clerkId,
    displayName: profile.displayName,
    role: "admin",
    now,
  }))!;
  const user = (await byAppId(ctx, "users", joined.user.id))!;
  await ctx.db.patch(user._id, { ...fields, clerkId: profile.clerkId, storageQuotaBytes: PLANS[workspace.plan].storageQuotaBytes });
}

/**
 * user.deleted: the person's data goes, the rows that others' history points at stay as
 * anonymous tombstones. Profile fields and preferences are cleared, every identity linking the
 * user to a platform account is deleted, API keys are revoked and the personal workspace is
 * deactivated. Images made in shared workspaces belong to those workspaces and stay.
 */
export async function deleteClerkUser(ctx: MutationCtx, clerkId: string, now: number): Promise<void> {
  const user = await userByClerkId(ctx, clerkId);
  if (user) {
    await ctx.db.patch(user._id, {
      clerkId: null,
      email: null,
      displayName: null,
      imageUrl: null,
      preferences: {},
      stripeCustomerId: null,
      stripeSubscriptionId: null,
      subscriptionStatus: null,
      updatedAt: now,
    });
    for (const identity of await ctx.db.query("identities").withIndex("by_user", (q) => q.eq("userId", user.appId)).collect()) {
      await ctx.db.delete(identity._id);
    }
    for (const key of await ctx.db.query("apiKeys").withIndex("by_user", (q) => q.eq("userId", user.appId)).collect()) {
      if (key.revokedAt === null) await ctx.db.patch(key._id, { revokedAt: now });
    }
  }
  const personal = await findWorkspace(ctx, "clerk", clerkId);
  if (personal) await ctx.db.patch(personal._id, { active: false, name: "deleted user", updatedAt: now });
}
