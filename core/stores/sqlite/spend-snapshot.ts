import type { SpendSnapshot } from "../../domain/rules/admission.ts";
import { utcDay } from "../../domain/usage.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { spendableBalance } from "./spendable-balance.ts";

/**
 * What every kind of spending reads before it books (rules/admission.ts spendRefusal), in the
 * caller's transaction: the balance spent from (a pool owner's while the workspace has joined a
 * pool, rules/link.ts), the member's ban, and the user's usage on the day of `now`.
 */
export function readSpendSnapshot(ctx: SqliteContext, input: { workspaceId: string; memberId: string; userId: string; now: number }): SpendSnapshot {
  const balance = spendableBalance(ctx, input.workspaceId);
  const member = ctx.sql("SELECT banned FROM members WHERE id = ? AND workspace_id = ?").get(input.memberId, input.workspaceId) as
    | { banned: number }
    | undefined;
  const today = ctx
    .sql("SELECT credits_charged AS creditsCharged, credits_refunded AS creditsRefunded FROM usage WHERE workspace_id = ? AND user_id = ? AND date = ?")
    .get(input.workspaceId, input.userId, utcDay(input.now)) as { creditsCharged: number; creditsRefunded: number } | undefined;
  return {
    workspace: balance === undefined ? null : { balance },
    member: member ? { banned: member.banned === 1 } : null,
    today: today ?? null,
  };
}
