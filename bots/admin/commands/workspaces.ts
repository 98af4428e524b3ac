import { z } from "zod";
import { FORGOTTEN_USER_ID } from "../../../core/domain/forgotten-user.ts";
import type { AdminCommand } from "../admin-command.ts";
import { formatBytes, renderTable } from "../render-table.ts";

export const workspaces: AdminCommand<Record<string, never>> = {
  name: "workspaces",
  usage: "",
  summary: "List every workspace: platform, name, plan, balance, members, images, storage used, active",
  positionals: [],
  schema: z.strictObject({}),
  async run(ctx) {
    const store = await ctx.store();
    const rows = [];
    for (const workspace of await store.workspaces.list()) {
      const members = await store.workspaces.listMembers(workspace.id);
      rows.push({
        id: workspace.id,
        platform: workspace.platform,
        externalId: workspace.externalId,
        name: workspace.name,
        plan: workspace.plan,
        balance: workspace.balance,
        // The tombstone membership (forgotten people's jobs) is not a member anyone can reach.
        members: members.filter((m) => m.userId !== FORGOTTEN_USER_ID).length,
        images: await store.admin.countImages(workspace.id),
        storageUsedBytes: workspace.storageUsedBytes,
        active: workspace.active,
      });
    }
    const table = renderTable(
      ["ID", "PLATFORM", "NAME", "PLAN", "BALANCE", "MEMBERS", "IMAGES", "STORAGE", "ACTIVE"],
      rows.map((r) => [r.id, `${r.platform}:${r.externalId}`, r.name, r.plan, r.balance, r.members, r.images, formatBytes(r.storageUsedBytes), r.active ? "yes" : "no"]),
    );
    return { text: rows.length ? table : "No workspaces yet: they are created when someone first uses Pixorly.", json: rows };
  },
};
