import type { SqliteContext } from "./sqlite-context.ts";

/**
 * The balance a workspace spends from: its pool owner's while it has joined a pool
 * (rules/link.ts), else its own. Undefined when the workspace is unknown.
 */
export function spendableBalance(ctx: SqliteContext, workspaceId: string): number | undefined {
  return ctx
    .sql(
      `SELECT coalesce(pool.balance, w.balance) FROM workspaces w
       LEFT JOIN workspace_links l ON l.joiner_workspace_id = w.id AND l.unlinked_at IS NULL
       LEFT JOIN workspaces pool ON pool.id = l.owner_workspace_id
       WHERE w.id = ?`,
    )
    .pluck()
    .get(workspaceId) as number | undefined;
}
