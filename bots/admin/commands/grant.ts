import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import type { AdminCommand } from "../admin-command.ts";
import { wholeNumber, workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";

/**
 * Credits move only through the ledger: a positive amount is a "grant", a negative one an
 * "adjustment" (refused if it would take the balance below zero). Either way the reason is kept.
 */
export const grant: AdminCommand<{ workspace: string; credits: number; reason: string }> = {
  name: "grant",
  usage: `<workspace> <credits> --reason "<why>"`,
  summary: `Add credits to a workspace as a ledger entry with a reason; take some back with a negative amount after --: grant <workspace> --reason "<why>" -- -50`,
  positionals: ["workspace", "credits"],
  options: { reason: { type: "string" } },
  schema: z.strictObject({
    workspace: workspaceRef,
    credits: wholeNumber("credits", Number.MIN_SAFE_INTEGER).refine((n) => n !== 0, "must not be 0"),
    reason: z.string({ error: "is required: say why, it stays in the ledger" }).trim().min(1, "must not be empty"),
  }),
  async run(ctx, args) {
    const store = await ctx.store();
    const workspace = await findWorkspace(store, args.workspace);
    const entry = await store.credits.append({
      workspaceId: workspace.id,
      kind: args.credits > 0 ? "grant" : "adjustment",
      amount: args.credits,
      reason: args.reason,
      now: ctx.clock.now(),
    });
    if (!entry.ok) throw new CodedError(entry.error.code, entry.error.message, { fields: entry.error.details });
    const verb = args.credits > 0 ? `Granted ${args.credits} credits to` : `Took ${-args.credits} credits from`;
    return {
      text: `${verb} ${workspace.name} (${workspace.id}): balance ${entry.value.balanceAfter}. Ledger entry ${entry.value.id}: "${entry.value.reason}".`,
      json: entry.value,
    };
  },
};
