import { ConvexError, type Infer } from "convex/values";
import { PLANS } from "../../core/domain/plans.ts";
import type { MutationCtx } from "../_generated/server.js";
import { noteSeq } from "./ready-queues.ts";
import { byKey, installationFields } from "./installations.ts";
import { byAppId } from "./lookup.ts";
import { enqueueNew } from "./queue.ts";
import type {
  vCollectionLinkRecord,
  vIdentityRecord,
  vImageRecord,
  vImportBatch,
  vJobRecord,
  vUsageRecord,
  vUserRecord,
} from "./transferValidators.ts";

/** An export that contradicts itself or the store (a link to an image it does not have). */
function conflict(message: string): ConvexError<{ code: string; message: string }> {
  return new ConvexError({ code: "IMPORT_CONFLICT", message });
}

async function insertEach<R>(records: R[], insert: (record: R) => Promise<boolean>): Promise<{ inserted: number; skipped: number }> {
  let inserted = 0;
  for (const record of records) if (await insert(record)) inserted += 1;
  return { inserted, skipped: records.length - inserted };
}

/**
 * StoreAdmin.importRecords: inserts the records whose key is new, with the bookkeeping the
 * product keeps beside them (queue records and counters, member job counts, collection image
 * counts, users' storage totals), all in the caller's one transaction.
 */
export async function importBatch(ctx: MutationCtx, batch: Infer<typeof vImportBatch>): Promise<{ inserted: number; skipped: number }> {
  const fresh = async (table: Parameters<typeof byAppId>[1], id: string) => !(await byAppId(ctx, table, id));
  switch (batch.table) {
    case "users":
      return insertEach(batch.records, (user) => insertUser(ctx, user));
    case "identities":
      return insertEach(batch.records, (identity) => insertIdentity(ctx, identity));
    case "workspaces":
      return insertEach(batch.records, async ({ id, ...workspace }) => {
        if (!(await fresh("workspaces", id))) return false;
        await ctx.db.insert("workspaces", { ...workspace, appId: id });
        return true;
      });
    case "members":
      return insertEach(batch.records, async ({ id, ...member }) => {
        if (!(await fresh("members", id))) return false;
        // Counted up as the member's pending and processing jobs arrive.
        await ctx.db.insert("members", { ...member, appId: id, queued: 0, running: 0 });
        return true;
      });
    case "jobs":
      return insertEach(batch.records, (job) => insertJob(ctx, job));
    case "images":
      return insertEach(batch.records, (image) => insertImage(ctx, image));
    case "collections":
      return insertEach(batch.records, async ({ id, ...collection }) => {
        if (!(await fresh("collections", id))) return false;
        await ctx.db.insert("collections", { ...collection, appId: id, imageCount: 0, publicImageCount: 0 });
        return true;
      });
    case "collection_images":
      return insertEach(batch.records, (link) => insertLink(ctx, link));
    case "api_keys":
      return insertEach(batch.records, async ({ id, ...key }) => {
        if (!(await fresh("apiKeys", id))) return false;
        await ctx.db.insert("apiKeys", { ...key, appId: id });
        return true;
      });
    case "usage":
      return insertEach(batch.records, (day) => insertUsage(ctx, day));
    case "ledger":
      return insertEach(batch.records, async ({ id, ...entry }) => {
        const found = await ctx.db
          .query("ledger")
          .withIndex("by_workspace_app_id", (q) => q.eq("workspaceId", entry.workspaceId).eq("appId", id))
          .unique();
        if (found) return false;
        // Balances arrive with their workspaces: entries are history, they move nothing.
        await ctx.db.insert("ledger", { ...entry, appId: id });
        return true;
      });
    case "refills":
      return insertEach(batch.records, async (refill) => {
        const found = await ctx.db
          .query("refills")
          .withIndex("by_workspace_period", (q) => q.eq("workspaceId", refill.workspaceId).eq("period", refill.period))
          .unique();
        if (found) return false;
        await ctx.db.insert("refills", refill);
        return true;
      });
    case "installations":
      return insertEach(batch.records, async ({ id, ...installation }) => {
        if (await byKey(ctx, id)) return false;
        await ctx.db.insert("installations", installationFields(id, installation));
        return true;
      });
  }
}

/** The seed's subscription fields stay at a new user's defaults; storage is counted as images arrive. */
async function insertUser(ctx: MutationCtx, { id, ...user }: Infer<typeof vUserRecord>): Promise<boolean> {
  if (await byAppId(ctx, "users", id)) return false;
  await ctx.db.insert("users", {
    ...user,
    appId: id,
    plan: "FREE",
    subscriptionStatus: null,
    stripeCustomerId: null,
    stripeSubscriptionId: null,
    storageUsedBytes: 0,
    storageQuotaBytes: PLANS.FREE.storageQuotaBytes,
  });
  return true;
}

/** Identities have no app id index; (platform, external id) is unique, so it finds the one this would be. */
async function insertIdentity(ctx: MutationCtx, { id, ...identity }: Infer<typeof vIdentityRecord>): Promise<boolean> {
  const existing = await ctx.db
    .query("identities")
    .withIndex("by_platform_external", (q) => q.eq("platform", identity.platform).eq("externalUserId", identity.externalUserId))
    .unique();
  if (existing?.appId === id) return false;
  if (existing) throw conflict(`${identity.platform}:${identity.externalUserId} is identity ${existing.appId} here, not ${id}`);
  await ctx.db.insert("identities", { ...identity, appId: id });
  return true;
}

/** The queue bookkeeping submit and every transition keep (model/queue.ts), for a job arriving in its current state. */
async function insertJob(ctx: MutationCtx, { id, ...job }: Infer<typeof vJobRecord>): Promise<boolean> {
  if (await byAppId(ctx, "generationJobs", id)) return false;
  const member = await byAppId(ctx, "members", job.memberId);
  if (!member) throw conflict(`job ${id} belongs to member ${job.memberId}, which is not here`);
  const doc = (await ctx.db.get(await ctx.db.insert("generationJobs", { ...job, appId: id })))!;
  if (job.status === "pending") {
    await enqueueNew(ctx, doc, member);
  } else if (job.status === "processing") {
    await ctx.db.patch(member._id, { running: member.running + 1 });
  }
  await noteSeq(ctx, job.workspaceId, job.seq);
  return true;
}

async function insertImage(ctx: MutationCtx, { id, ...image }: Infer<typeof vImageRecord>): Promise<boolean> {
  if (await byAppId(ctx, "images", id)) return false;
  await ctx.db.insert("images", { ...image, appId: id });
  const user = await byAppId(ctx, "users", image.userId);
  if (user) await ctx.db.patch(user._id, { storageUsedBytes: user.storageUsedBytes + image.bytes });
  return true;
}

/** Like model/collections.ts addLink, but the collection's updatedAt is history here, so it stays. */
async function insertLink(ctx: MutationCtx, link: Infer<typeof vCollectionLinkRecord>): Promise<boolean> {
  const found = await ctx.db
    .query("collectionImages")
    .withIndex("by_collection_image", (q) => q.eq("collectionId", link.collectionId).eq("imageId", link.imageId))
    .unique();
  if (found) return false;
  const image = await byAppId(ctx, "images", link.imageId);
  const collection = await byAppId(ctx, "collections", link.collectionId);
  if (!image || !collection) throw conflict(`collection ${link.collectionId} links image ${link.imageId}, and one of them is not here`);
  await ctx.db.insert("collectionImages", { ...link, private: image.private });
  await ctx.db.patch(collection._id, {
    imageCount: collection.imageCount + 1,
    publicImageCount: collection.publicImageCount + (image.private ? 0 : 1),
  });
  return true;
}

async function insertUsage(ctx: MutationCtx, { models, ...day }: Infer<typeof vUsageRecord>): Promise<boolean> {
  const found = await ctx.db
    .query("usage")
    .withIndex("by_workspace_user_date", (q) => q.eq("workspaceId", day.workspaceId).eq("userId", day.userId).eq("date", day.date))
    .unique();
  if (found) return false;
  await ctx.db.insert("usage", { ...day, models: Object.entries(models).map(([model, images]) => ({ model, images })) });
  return true;
}
