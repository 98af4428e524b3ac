import { v, type Validator } from "convex/values";
import { TRANSFER_TABLES, type TransferTable } from "../../core/ports/store-admin.ts";
import schema from "../schema.ts";
import { nullable } from "./validators.ts";

/**
 * The export format's records (core/ports/store-admin.ts TransferRecords) as Convex validators,
 * derived from the tables themselves: `appId` travels as `id`, and the bookkeeping the store
 * rebuilds on import (counters, queue counts, storage totals, the seed's Clerk subscription
 * fields) is left out. A column added to a table therefore joins the format, or fails the
 * round-trip test, instead of being dropped unnoticed.
 */
const tables = schema.tables;
const id = { id: v.string() };

const [first, second, ...rest] = TRANSFER_TABLES.map((table) => v.literal(table));
// A union of the literals built from the list, typed as the list's element type.
export const vTransferTable = v.union(first!, second!, ...rest) as unknown as Validator<TransferTable>;

export const vUserRecord = tables.users.validator
  .omit("appId", "plan", "subscriptionStatus", "stripeCustomerId", "stripeSubscriptionId", "storageUsedBytes", "storageQuotaBytes")
  .extend(id);
export const vIdentityRecord = tables.identities.validator.omit("appId").extend(id);
export const vWorkspaceRecord = tables.workspaces.validator.omit("appId").extend(id);
export const vMemberRecord = tables.members.validator.omit("appId", "queued", "running").extend(id);
// inputImageKey and strength are optional in the table only for rows older than issue #19; on the
// wire they are always there (null when absent), as core's Job has them.
export const vJobRecord = tables.generationJobs.validator
  .omit("appId")
  .extend({ ...id, inputImageKey: nullable(v.string()), strength: nullable(v.number()) });
export const vImageRecord = tables.images.validator.omit("appId").extend(id);
export const vCollectionRecord = tables.collections.validator.omit("appId", "imageCount", "publicImageCount").extend(id);
export const vCollectionLinkRecord = tables.collectionImages.validator.omit("private");
export const vApiKeyRecord = tables.apiKeys.validator.omit("appId").extend(id);
/** Model counts as the domain's map (UsageDay.models); the table keeps them as pairs. */
export const vUsageRecord = tables.usage.validator.omit("models").extend({ models: v.record(v.string(), v.number()) });
export const vLedgerRecord = tables.ledger.validator.omit("appId").extend(id);
export const vRefillRecord = tables.refills.validator;
/** The row's `appId` is the installation key, the record's `id`; the record's `appId` is the platform's (`platformAppId`). */
export const vInstallationRecord = tables.installations.validator
  .omit("appId", "platformAppId")
  .extend({ id: v.string(), appId: nullable(v.string()) });

/** One import batch: a table and records of that table. */
export const vImportBatch = v.union(
  v.object({ table: v.literal("users"), records: v.array(vUserRecord) }),
  v.object({ table: v.literal("identities"), records: v.array(vIdentityRecord) }),
  v.object({ table: v.literal("workspaces"), records: v.array(vWorkspaceRecord) }),
  v.object({ table: v.literal("members"), records: v.array(vMemberRecord) }),
  v.object({ table: v.literal("jobs"), records: v.array(vJobRecord) }),
  v.object({ table: v.literal("images"), records: v.array(vImageRecord) }),
  v.object({ table: v.literal("collections"), records: v.array(vCollectionRecord) }),
  v.object({ table: v.literal("collection_images"), records: v.array(vCollectionLinkRecord) }),
  v.object({ table: v.literal("api_keys"), records: v.array(vApiKeyRecord) }),
  v.object({ table: v.literal("usage"), records: v.array(vUsageRecord) }),
  v.object({ table: v.literal("ledger"), records: v.array(vLedgerRecord) }),
  v.object({ table: v.literal("refills"), records: v.array(vRefillRecord) }),
  v.object({ table: v.literal("installations"), records: v.array(vInstallationRecord) }),
);
