import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import { sideLabel } from "../../../core/domain/workspace-link.ts";
import type { AdminCommand } from "../admin-command.ts";
import { workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";

/**
 * Undoes a link as an admin of either side would (/unlink): the same split, booked as balanced
 * ledger entries on both sides (core/domain/rules/link.ts).
 */
export const unlink: AdminCommand<{ target: string }> = {
  name: "unlink",
  usage: "<link id (lnk_...) | workspace>",
  summary: "Undo a workspace link: the joiner gets back its net share of the pool, the owner keeps the rest (see: links)",
  positionals: ["target"],
  schema: z.strictObject({
    target: z.union([z.string().regex(/^lnk_\S+$/), workspaceRef], { error: "expected a link id (lnk_...), a workspace id (ws_...) or platform:id" }),
  }),
  async run(ctx, args) {
    const store = await ctx.store();
    let workspaceId: string;
    if (args.target.startsWith("lnk_")) {
      const link = (await store.links.list()).find((l) => l.id === args.target);
      if (!link) throw new CodedError("NOT_FOUND", `No active link ${args.target}. List them with: npm run admin -- links`);
      workspaceId = link.ownerWorkspaceId;
    } else {
      workspaceId = (await findWorkspace(store, args.target)).id;
    }
    const ended = await store.links.unlink({ workspaceId, now: ctx.clock.now() });
    if (!ended.ok) throw new CodedError(ended.error.code, ended.error.message);
    const link = ended.value;
    const [owner, joiner] = await Promise.all([store.workspaces.get(link.ownerWorkspaceId), store.workspaces.get(link.joinerWorkspaceId)]);
    const name = (w: typeof owner, id: string) => (w ? sideLabel(w) : id);
    return {
      text: `Unlinked ${link.id}: ${name(owner, link.ownerWorkspaceId)} keeps ${link.ownerKept} credits, ${name(joiner, link.joinerWorkspaceId)} keeps ${link.joinerKept}.`,
      json: link,
    };
  },
};
