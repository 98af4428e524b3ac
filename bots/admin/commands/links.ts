import { z } from "zod";
import { sideLabel } from "../../../core/domain/workspace-link.ts";
import type { AdminCommand } from "../admin-command.ts";
import { renderTable } from "../render-table.ts";

const day = (at: number) => new Date(at).toISOString().slice(0, 16).replace("T", " ");

/** The workspaces that share a credit pool (#19); `unlink` undoes one. */
export const links: AdminCommand<Record<string, never>> = {
  name: "links",
  usage: "",
  summary: "List the workspaces linked into shared credit pools: pool owner, joiner, pool balance, the joiner's share if unlinked now",
  positionals: [],
  schema: z.strictObject({}),
  async run(ctx) {
    const store = await ctx.store();
    const rows = [];
    for (const link of await store.links.list()) {
      const [owner, joiner] = await Promise.all([store.workspaces.get(link.ownerWorkspaceId), store.workspaces.get(link.joinerWorkspaceId)]);
      rows.push({
        ...link,
        owner: owner ? `${sideLabel(owner)} (${owner.id})` : link.ownerWorkspaceId,
        joiner: joiner ? `${sideLabel(joiner)} (${joiner.id})` : link.joinerWorkspaceId,
        poolBalance: owner?.balance ?? 0,
      });
    }
    const table = renderTable(
      ["LINK", "POOL OWNER", "JOINER", "LINKED (UTC)", "POOL", "JOINER NET"],
      rows.map((r) => [r.id, r.owner, r.joiner, day(r.linkedAt), r.poolBalance, r.joinerNet]),
    );
    return { text: rows.length ? table : "No linked workspaces.", json: rows };
  },
};
