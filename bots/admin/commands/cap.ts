import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import type { AdminCommand } from "../admin-command.ts";
import { memberRef, wholeNumber, workspaceRef } from "../arg-schemas.ts";
import { findMember, findWorkspace } from "../lookups.ts";

export const cap: AdminCommand<{ workspace: string; member: string; credits: number | null }> = {
  name: "cap",
  usage: "<workspace> <member> <credits per day | none>",
  summary: "Cap what one member may spend per UTC day (overrides the workspace's cap; none removes it)",
  positionals: ["workspace", "member", "credits"],
  schema: z.strictObject({
    workspace: workspaceRef,
    member: memberRef,
    credits: z.union([z.literal("none").transform(() => null), wholeNumber("credits", 0)], {
      error: "expected a whole number of credits per day, or none",
    }),
  }),
  async run(ctx, args) {
    const store = await ctx.store();
    const workspace = await findWorkspace(store, args.workspace);
    const member = await findMember(store, workspace, args.member);
    const updated = await store.workspaces.updateMember(member.id, { dailyCapOverride: args.credits });
    if (!updated) throw new CodedError("NOT_FOUND", `Member ${member.id} disappeared.`);
    const cap = args.credits === null ? "no cap of their own (the workspace's applies)" : `a cap of ${args.credits} credits per day`;
    return { text: `${args.member} in ${workspace.name} now has ${cap}.`, json: updated };
  },
};
