import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import { PLAN_IDS, PLANS, type PlanId } from "../../../core/domain/plans.ts";
import type { AdminCommand } from "../admin-command.ts";
import { workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";
import { formatBytes } from "../render-table.ts";

export const plan: AdminCommand<{ workspace: string; plan: PlanId }> = {
  name: "plan",
  usage: `<workspace> ${PLAN_IDS.join("|")}`,
  summary: "Move a workspace to another plan (refills and the storage quota follow it; credits do not move)",
  positionals: ["workspace", "plan"],
  schema: z.strictObject({
    workspace: workspaceRef,
    plan: z.string().toUpperCase().pipe(z.enum(PLAN_IDS, { error: `expected one of ${PLAN_IDS.join(", ")}` })),
  }),
  async run(ctx, args) {
    const store = await ctx.store();
    const before = await findWorkspace(store, args.workspace);
    const after = await store.workspaces.setPlan(before.id, args.plan, ctx.clock.now());
    if (!after) throw new CodedError("NOT_FOUND", `Workspace ${before.id} disappeared.`);
    const limits = PLANS[after.plan];
    return {
      text: `${after.name} (${after.id}): plan ${before.plan} -> ${after.plan}. Monthly refills top up to ${limits.monthlyCredits} credits; storage quota ${formatBytes(after.storageQuotaBytes)}.`,
      json: after,
    };
  },
};
