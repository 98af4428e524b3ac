import type { Doc } from "../_generated/dataModel.js";
import type { QueryCtx } from "../_generated/server.js";

/** Tables whose rows are found by core's application-level id. */
type AppIdTable = "users" | "workspaces" | "members" | "generationJobs" | "images" | "collections" | "apiKeys";

/** The row behind an app id, or null; every such table has a by_app_id index. */
export async function byAppId<T extends AppIdTable>(ctx: QueryCtx, table: T, appId: string): Promise<Doc<T> | null> {
  // The casts are the one place the generic table name meets the per-table index types.
  const range = (q: { eq(field: string, value: string): unknown }) => q.eq("appId", appId);
  return (await ctx.db.query(table).withIndex("by_app_id" as never, range as never).unique()) as Doc<T> | null;
}

export async function memberOf(ctx: QueryCtx, workspaceId: string, userId: string): Promise<Doc<"members"> | null> {
  return ctx.db
    .query("members")
    .withIndex("by_workspace_user", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId))
    .unique();
}
