import { TRANSFER_TABLES, type StoreAdmin } from "../../ports/store-admin.ts";
import { forgetUser, userFootprint } from "./forget-user.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { exportPage, importRows } from "./transfer-rows.ts";

/** StoreAdmin on the Store's own connection: operator commands share its WAL and busy timeout. */
export function createSqliteStoreAdmin(ctx: SqliteContext): StoreAdmin {
  const importBatch = ctx.write(importRows);
  const forget = ctx.write(forgetUser);
  const footprint = ctx.read(userFootprint);
  return {
    kind: "sqlite",
    tables: TRANSFER_TABLES,
    exportPage: async (table, cursor, limit) => exportPage(ctx, table, cursor, limit),
    importRecords: async (table, records) => importBatch(ctx, table, records),
    countImages: async (workspaceId) => ctx.sql("SELECT count(*) FROM images WHERE workspace_id = ?").pluck().get(workspaceId) as number,
    userFootprint: async (userId) => footprint(ctx, userId),
    userStorageBytes: async (userId) =>
      (ctx.sql("SELECT storage_used_bytes FROM users WHERE id = ?").pluck().get(userId) as number | undefined) ?? 0,
    forgetUser: async (userId, now) => forget(ctx, userId, now),
  };
}
