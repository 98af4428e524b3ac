import type { PaginationOptions, PaginationResult } from "convex/server";
import type { QueryCtx } from "../_generated/server.js";
import { toApiKey, toImage, toJob, toLedgerEntry, toMember, toUsageDay, toUser, toWorkspace } from "./mappers.ts";
import type { TransferTable } from "../../core/ports/store-admin.ts";
import { toInstallation } from "./installations.ts";

const page = <D, R>(result: PaginationResult<D>, map: (doc: D) => R) => ({
  records: result.page.map(map),
  nextCursor: result.isDone ? null : result.continueCursor,
});

/**
 * One page of a table as transfer records, through the index that orders it like the SQLite
 * store's primary key (identities have no such index; theirs come in insertion order).
 */
export async function exportTablePage(ctx: QueryCtx, table: TransferTable, options: PaginationOptions) {
  const db = ctx.db;
  switch (table) {
    case "users":
      return page(await db.query("users").withIndex("by_app_id").paginate(options), toUser);
    case "identities":
      return page(await db.query("identities").paginate(options), ({ appId, userId, platform, externalUserId, createdAt }) => ({
        id: appId,
        userId,
        platform,
        externalUserId,
        createdAt,
      }));
    case "workspaces":
      return page(await db.query("workspaces").withIndex("by_app_id").paginate(options), toWorkspace);
    case "members":
      return page(await db.query("members").withIndex("by_app_id").paginate(options), toMember);
    case "jobs":
      return page(await db.query("generationJobs").withIndex("by_app_id").paginate(options), toJob);
    case "images":
      return page(await db.query("images").withIndex("by_app_id").paginate(options), toImage);
    case "collections":
      return page(
        await db.query("collections").withIndex("by_app_id").paginate(options),
        ({ _id, _creationTime, appId, imageCount: _imageCount, publicImageCount: _publicImageCount, ...collection }) => ({ id: appId, ...collection }),
      );
    case "collection_images":
      return page(await db.query("collectionImages").withIndex("by_collection_image").paginate(options), ({ collectionId, imageId, addedBy, addedAt }) => ({
        collectionId,
        imageId,
        addedBy,
        addedAt,
      }));
    case "api_keys":
      return page(await db.query("apiKeys").withIndex("by_app_id").paginate(options), toApiKey);
    case "usage":
      return page(await db.query("usage").withIndex("by_workspace_user_date").paginate(options), toUsageDay);
    case "ledger":
      return page(await db.query("ledger").withIndex("by_workspace_app_id").paginate(options), toLedgerEntry);
    case "refills":
      return page(await db.query("refills").withIndex("by_workspace_period").paginate(options), ({ workspaceId, period, amount, createdAt }) => ({
        workspaceId,
        period,
        amount,
        createdAt,
      }));
    case "installations":
      return page(await db.query("installations").withIndex("by_app_id").paginate(options), (doc) => ({ id: doc.appId, ...toInstallation(doc) }));
  }
}
