import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import type { AdminCommand } from "../admin-command.ts";
import { memberRef, workspaceRef } from "../arg-schemas.ts";
import { findMember, findWorkspace } from "../lookups.ts";

/** ban and unban: the same command but for the flag. A banned member's /imagine is refused before it costs anything. */
export function banCommand(banned: boolean): AdminCommand<{ workspace: string; member: string }> {
  return {
    name: banned ? "ban" : "unban",
    usage: "<workspace> <member>",
    summary: banned ? "Stop a member from generating in a workspace" : "Let a banned member generate again",
    positionals: ["workspace", "member"],
    schema: z.strictObject({ workspace: workspaceRef, member: memberRef }),
    async run(ctx, args) {
      const store = await ctx.store();
      const workspace = await findWorkspace(store, args.workspace);
      const member = await findMember(store, workspace, args.member);
      const updated = await store.workspaces.updateMember(member.id, { banned });
      if (!updated) throw new CodedError("NOT_FOUND", `Member ${member.id} disappeared.`);
      return { text: `${args.member} is ${banned ? "banned" : "no longer banned"} in ${workspace.name}.`, json: updated };
    },
  };
}

export const ban = banCommand(true);
