import { FORGOTTEN_DISPLAY_NAME, FORGOTTEN_USER_ID } from "../../core/domain/forgotten-user.ts";
import { FORGOTTEN_JOB, mergeUsageIntoTombstone, refuseJobsInFlight } from "../../core/domain/rules/forget.ts";
import { newId } from "../../core/domain/ids.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";
import type { ForgetRefusal, ForgetSummary, UserFootprint } from "../../core/ports/store-admin.ts";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { removeLink } from "./collections.ts";
import { deleteImage } from "./images.ts";
import { forgetInstaller } from "./installations.ts";
import { applyEffects } from "./applyEffects.ts";
import { toUsageDay } from "./mappers.ts";
import { byAppId, memberOf } from "./lookup.ts";
import { findWorkspace, newUserDoc } from "./workspaces.ts";

/** Rows one step handles per kind: a step stays a small transaction however much a person made. */
const BUDGET = 64;

type Step = Result<{ done: boolean; summary: ForgetSummary }, ForgetRefusal>;

const jobsIn = async (ctx: QueryCtx, userId: string, status: "pending" | "processing") =>
  (
    await ctx.db
      .query("generationJobs")
      .withIndex("by_user_status", (q) => q.eq("userId", userId).eq("status", status))
      .take(BUDGET)
  ).map((job) => job.appId);

export async function userFootprint(ctx: QueryCtx, userId: string): Promise<UserFootprint> {
  const members = await ctx.db
    .query("members")
    .withIndex("by_user", (q) => q.eq("userId", userId))
    .collect();
  return {
    workspaceIds: members.map((m) => m.workspaceId).sort(),
    pendingJobIds: await jobsIn(ctx, userId, "pending"),
    processingJobIds: await jobsIn(ctx, userId, "processing"),
  };
}

/**
 * One bounded step of StoreAdmin.forgetUser; what is deleted and what re-pointed is
 * core/domain/rules/forget.ts. Each phase takes the first rows still naming the
 * user through a by_user index; handled rows leave that range, so the next step resumes where
 * this one stopped, and any step may be the last one to run before a crash without leaving
 * anything inconsistent. The final phase deletes the identities and the user; until then the
 * refusal check runs again on every step.
 */
export async function forgetStep(ctx: MutationCtx, userId: string, now: number): Promise<Step> {
  const summary: ForgetSummary = { identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] };
  const user = userId === FORGOTTEN_USER_ID ? null : await byAppId(ctx, "users", userId);
  if (!user) return ok({ done: true, summary });
  const refusal = refuseJobsInFlight({ pendingJobIds: await jobsIn(ctx, userId, "pending"), processingJobIds: await jobsIn(ctx, userId, "processing") });
  if (refusal) return err(refusal);
  await ensureTombstoneUser(ctx, now);
  for (const phase of [forgetImages, forgetCollections, forgetApiKeys, forgetJobs, forgetLedger, forgetLinks, forgetUsage, forgetMemberships]) {
    if (await phase(ctx, userId, now, summary)) return ok({ done: false, summary });
  }
  for (const identity of await ctx.db.query("identities").withIndex("by_user", (q) => q.eq("userId", userId)).collect()) {
    // A Clerk user's own workspace is named after them: closed as the Clerk deletion does (clerkUsers.ts).
    const personal = identity.platform === "clerk" ? await findWorkspace(ctx, "clerk", identity.externalUserId) : null;
    if (personal) await ctx.db.patch(personal._id, { name: "deleted user", active: false, updatedAt: now });
    await forgetInstaller(ctx, identity.platform, identity.externalUserId);
    await ctx.db.delete(identity._id);
    summary.identities += 1;
  }
  await ctx.db.delete(user._id);
  return ok({ done: true, summary });
}

type Phase = (ctx: MutationCtx, userId: string, now: number, summary: ForgetSummary) => Promise<boolean>;

/** Rows (links included) and storage totals go; the objects' keys go back to the caller to delete. */
const forgetImages: Phase = async (ctx, userId, now, summary) => {
  const images = await ctx.db.query("images").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  for (const image of images) await deleteImage(ctx, image.appId, now);
  summary.images += images.length;
  summary.storageKeys.push(...images.map((image) => image.storageKey));
  return images.length > 0;
};

/** Personal collections ("saved", "custom"): a channel's collection has no owner and stays. */
const forgetCollections: Phase = async (ctx, userId, _now, summary) => {
  const collection = await ctx.db.query("collections").withIndex("by_user", (q) => q.eq("userId", userId)).first();
  if (!collection) return false;
  const links = await ctx.db.query("collectionImages").withIndex("by_collection_added", (q) => q.eq("collectionId", collection.appId)).take(BUDGET);
  for (const link of links) await removeLink(ctx, collection, link.imageId, collection.updatedAt);
  if (links.length < BUDGET) {
    await ctx.db.delete(collection._id);
    summary.collections += 1;
  }
  return true;
};

const forgetApiKeys: Phase = async (ctx, userId, _now, summary) => {
  const keys = await ctx.db.query("apiKeys").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  for (const key of keys) await ctx.db.delete(key._id);
  summary.apiKeys += keys.length;
  return keys.length > 0;
};

/** Jobs stay (ledger entries and queue positions refer to them) without the person's words or reply messages. */
const forgetJobs: Phase = async (ctx, userId, now, summary) => {
  const jobs = await ctx.db.query("generationJobs").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  for (const job of jobs) await ctx.db.patch(job._id, { ...FORGOTTEN_JOB, memberId: await tombstoneMember(ctx, job.workspaceId, now) });
  summary.jobs += jobs.length;
  return jobs.length > 0;
};

/** Every ledger row naming the person (charges, refunds, admin adjustments) names the tombstone. */
const forgetLedger: Phase = async (ctx, userId) => {
  const entries = await ctx.db.query("ledger").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  for (const entry of entries) await ctx.db.patch(entry._id, { userId: FORGOTTEN_USER_ID });
  return entries.length > 0;
};

/** Links the person added to images that stay (someone else's, in a shared collection). */
const forgetLinks: Phase = async (ctx, userId) => {
  const links = await ctx.db.query("collectionImages").withIndex("by_added_by", (q) => q.eq("addedBy", userId)).take(BUDGET);
  for (const link of links) await ctx.db.patch(link._id, { addedBy: FORGOTTEN_USER_ID });
  return links.length > 0;
};

/** Each daily row is added to the tombstone's row for the same workspace and day. */
const forgetUsage: Phase = async (ctx, userId, _now, summary) => {
  const days = await ctx.db.query("usage").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  await applyEffects(ctx, mergeUsageIntoTombstone(days.map(toUsageDay)));
  for (const day of days) await ctx.db.delete(day._id);
  summary.usageDays += days.length;
  return days.length > 0;
};

/** Last before the identities: jobs no longer point at these rows, and the person leaves collaborator lists. */
const forgetMemberships: Phase = async (ctx, userId, _now, summary) => {
  const members = await ctx.db.query("members").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET);
  for (const member of members) {
    for (const collection of await ctx.db.query("collections").withIndex("by_workspace", (q) => q.eq("workspaceId", member.workspaceId)).collect()) {
      if (collection.collaboratorUserIds.includes(userId)) {
        await ctx.db.patch(collection._id, { collaboratorUserIds: collection.collaboratorUserIds.filter((id) => id !== userId) });
      }
    }
    await ctx.db.delete(member._id);
  }
  summary.memberships += members.length;
  return members.length > 0;
};

/** The tombstone user, which jobs and usage rows of forgotten people point at. */
async function ensureTombstoneUser(ctx: MutationCtx, now: number): Promise<void> {
  if (await byAppId(ctx, "users", FORGOTTEN_USER_ID)) return;
  await ctx.db.insert("users", newUserDoc({ appId: FORGOTTEN_USER_ID, clerkId: null, displayName: FORGOTTEN_DISPLAY_NAME, now }));
}

/** The tombstone's membership of a workspace, created when a forgotten person's job there first needs it. */
async function tombstoneMember(ctx: MutationCtx, workspaceId: string, now: number): Promise<string> {
  const found = await memberOf(ctx, workspaceId, FORGOTTEN_USER_ID);
  if (found) return found.appId;
  const appId = newId("mem", now);
  await ctx.db.insert("members", { appId, workspaceId, userId: FORGOTTEN_USER_ID, role: "member", dailyCapOverride: null, banned: false, queued: 0, running: 0, createdAt: now });
  return appId;
}
