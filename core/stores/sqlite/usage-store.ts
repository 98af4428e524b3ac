import { netSpend } from "../../domain/rules/spend.ts";
import type { UsageStore } from "../../ports/store.ts";
import { toUsageDay, type UsageRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** Read side of `usage`; the rows are written by job transitions (bumpUsage) and apiKeys.touch. */
export function createUsageStore(ctx: SqliteContext): UsageStore {
  return {
    list: async (filter) => {
      const conditions = ["date BETWEEN @fromDate AND @toDate"];
      if (filter.workspaceId !== undefined) conditions.push("workspace_id = @workspaceId");
      if (filter.userId !== undefined) conditions.push("user_id = @userId");
      const rows = ctx
        .sql(`SELECT * FROM usage WHERE ${conditions.join(" AND ")} ORDER BY date, workspace_id, user_id`)
        .all(filter) as UsageRow[];
      return rows.map(toUsageDay);
    },
    spentOn: async (workspaceId, userId, date) =>
      netSpend(
        ctx
          .sql("SELECT credits_charged AS creditsCharged, credits_refunded AS creditsRefunded FROM usage WHERE workspace_id = ? AND user_id = ? AND date = ?")
          .get(workspaceId, userId, date) as { creditsCharged: number; creditsRefunded: number } | undefined,
      ),
  };
}
