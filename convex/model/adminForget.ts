import { FORGOTTEN_USER_ID } from "../../core/domain/forgotten-user.ts";
import { forgetRows, installerIdsOf, refuseJobsInFlight, type ForgetSnapshot } from "../../core/domain/rules/forget.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";
import type { ForgetRefusal, ForgetSummary, UserFootprint } from "../../core/ports/store-admin.ts";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { applyForgetEffects } from "./applyForgetEffects.ts";
import { toUsageDay } from "./mappers.ts";
import { byAppId } from "./lookup.ts";
import { findWorkspace } from "./workspaces.ts";

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
 * One bounded step of StoreAdmin.forgetUser: reads a bounded slice of the footprint, and
 * core/domain/rules/forget.ts decides what is deleted and what re-pointed. Each phase takes the
 * first rows still naming the user through a by_user index; handled rows leave that range, so
 * the next step resumes where this one stopped, and any step may be the last one to run before
 * a crash without leaving anything inconsistent. The final phase deletes the identities and the
 * user; until then the refusal check runs again on every step.
 */
export async function forgetStep(ctx: MutationCtx, userId: string, now: number): Promise<Step> {
  const user = userId === FORGOTTEN_USER_ID ? null : await byAppId(ctx, "users", userId);
  if (!user) return ok({ done: true, summary: forgetRows({ userId, now }).summary });
  const refusal = refuseJobsInFlight({ pendingJobIds: await jobsIn(ctx, userId, "pending"), processingJobIds: await jobsIn(ctx, userId, "processing") });
  if (refusal) return err(refusal);
  for (const read of [readImages, readCollections, readApiKeys, readJobs, readLedger, readLinks, readUsage, readMemberships]) {
    const slice = await read(ctx, userId);
    if (!slice) continue;
    const { effects, summary } = forgetRows({ ...slice, userId, now });
    await applyForgetEffects(ctx, effects);
    return ok({ done: false, summary });
  }
  const { effects, summary } = forgetRows({ userId, now, ...(await readAccounts(ctx, userId)), user: user._id });
  await applyForgetEffects(ctx, effects);
  return ok({ done: true, summary });
}

/** A bounded slice of one kind of the person's rows, or null once none is left. */
type Read = (ctx: MutationCtx, userId: string) => Promise<Omit<ForgetSnapshot, "userId" | "now"> | null>;

const some = <T>(rows: T[]): T[] | null => (rows.length > 0 ? rows : null);

const readImages: Read = async (ctx, userId) => {
  const images = some(await ctx.db.query("images").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  return images && { images: images.map((image) => ({ key: image._id, workspaceId: image.workspaceId, bytes: image.bytes, storageKey: image.storageKey })) };
};

/** Personal collections ("saved", "custom"), a bounded number of links at a time: a channel's collection has no owner and stays. */
const readCollections: Read = async (ctx, userId) => {
  const collection = await ctx.db.query("collections").withIndex("by_user", (q) => q.eq("userId", userId)).first();
  if (!collection) return null;
  const links = await ctx.db.query("collectionImages").withIndex("by_collection_added", (q) => q.eq("collectionId", collection.appId)).take(BUDGET);
  return { collections: [{ key: collection._id, linkKeys: links.map((link) => link._id), whole: links.length < BUDGET }] };
};

const readApiKeys: Read = async (ctx, userId) => {
  const keys = some(await ctx.db.query("apiKeys").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  return keys && { apiKeys: keys.map((key) => key._id) };
};

const readJobs: Read = async (ctx, userId) => {
  const jobs = some(await ctx.db.query("generationJobs").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  return jobs && { jobs: jobs.map((job) => ({ key: job._id, workspaceId: job.workspaceId, inputImageKey: job.inputImageKey ?? null })) };
};

const readLedger: Read = async (ctx, userId) => {
  const entries = some(await ctx.db.query("ledger").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  return entries && { ledger: entries.map((entry) => entry._id) };
};

/** Links the person added to images that stay (someone else's, in a shared collection): their own went with the images. */
const readLinks: Read = async (ctx, userId) => {
  const links = some(await ctx.db.query("collectionImages").withIndex("by_added_by", (q) => q.eq("addedBy", userId)).take(BUDGET));
  return links && { links: links.map((link) => link._id) };
};

const readUsage: Read = async (ctx, userId) => {
  const days = some(await ctx.db.query("usage").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  return days && { usage: days.map((day) => ({ key: day._id, day: toUsageDay(day) })) };
};

/** Last before the identities: jobs no longer point at these rows; with them, the collaborator lists naming the person. */
const readMemberships: Read = async (ctx, userId) => {
  const members = some(await ctx.db.query("members").withIndex("by_user", (q) => q.eq("userId", userId)).take(BUDGET));
  if (!members) return null;
  const collaborations: NonNullable<ForgetSnapshot["collaborations"]> = [];
  for (const member of members) {
    for (const collection of await ctx.db.query("collections").withIndex("by_workspace", (q) => q.eq("workspaceId", member.workspaceId)).collect()) {
      if (collection.collaboratorUserIds.includes(userId)) collaborations.push({ key: collection._id, userIds: collection.collaboratorUserIds });
    }
  }
  return { members: members.map((member) => member._id), collaborations };
};

/** The person's platform accounts and what other tables say about them (rules/forget.ts decides what changes). */
async function readAccounts(ctx: MutationCtx, userId: string): Promise<Pick<ForgetSnapshot, "identities" | "accountWorkspaces" | "installations">> {
  const docs = await ctx.db.query("identities").withIndex("by_user", (q) => q.eq("userId", userId)).collect();
  const snapshot: Required<Pick<ForgetSnapshot, "identities" | "accountWorkspaces" | "installations">> = { identities: [], accountWorkspaces: [], installations: [] };
  for (const identity of docs) {
    const { platform, externalUserId: externalId } = identity;
    snapshot.identities.push({ key: identity._id, platform, externalId });
    const workspace = await findWorkspace(ctx, platform, externalId);
    if (workspace) snapshot.accountWorkspaces.push({ key: workspace._id, platform: workspace.platform, externalId: workspace.externalId });
    for (const installer of installerIdsOf(externalId)) {
      const found = await ctx.db
        .query("installations")
        .withIndex("by_platform_installer", (q) => q.eq("platform", platform).eq("installedByUserId", installer))
        .collect();
      snapshot.installations.push(...found.map((doc) => ({ key: doc._id, platform: doc.platform, teamId: doc.teamId, installedBy: installer })));
    }
  }
  return snapshot;
}
