import type { SqliteContext } from "./sqlite-context.ts";

/** Net credits (charged - refunded) booked on a member's usage row for one UTC day. */
export function spentOn(ctx: SqliteContext, workspaceId: string, userId: string, day: string): number {
  const spent = ctx
    .sql("SELECT credits_charged - credits_refunded FROM usage WHERE workspace_id = ? AND user_id = ? AND date = ?")
    .pluck()
    .get(workspaceId, userId, day) as number | undefined;
  return spent ?? 0;
}
