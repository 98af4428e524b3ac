import type { SpendSnapshot } from "../../core/domain/rules/admission.ts";
import { utcDay } from "../../core/domain/usage.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";
import { spendableBalance } from "./links.ts";
import { byAppId } from "./lookup.ts";
import { usageRow } from "./usage.ts";

/**
 * What every kind of spending reads before it books (rules/admission.ts spendRefusal), in the
 * caller's mutation: the balance spent from (a pool owner's while the workspace has joined a
 * pool, rules/link.ts), the member when it belongs to this workspace, and the user's usage on the
 * day of `now`. The member and workspace documents themselves are answered, so submit can count
 * the member's queued jobs and check the workspace's actor revision and storage.
 */
export async function readSpendSnapshot(
  ctx: MutationCtx,
  input: { workspaceId: string; memberId: string; userId: string; now: number },
): Promise<SpendSnapshot & { member: Doc<"members"> | null; own: Doc<"workspaces"> | null }> {
  const workspace = await byAppId(ctx, "workspaces", input.workspaceId);
  const member = await byAppId(ctx, "members", input.memberId);
  return {
    own: workspace,
    workspace: workspace && { balance: await spendableBalance(ctx, workspace) },
    member: member && member.workspaceId === input.workspaceId ? member : null,
    today: await usageRow(ctx, input.workspaceId, input.userId, utcDay(input.now)),
  };
}
