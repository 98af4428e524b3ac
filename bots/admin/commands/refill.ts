import { z } from "zod";
import { refillPeriod } from "../../../core/domain/plans.ts";
import type { AdminCommand } from "../admin-command.ts";
import { renderTable } from "../render-table.ts";

/**
 * The monthly refill the product's janitor also runs: each workspace once per month (the store
 * records the month), so running it again, or beside the product, never refills twice.
 */
export const refill: AdminCommand<Record<string, never>> = {
  name: "refill",
  usage: "",
  summary: "Run this month's credit refill for every workspace (once per month; running it again does nothing)",
  positionals: [],
  schema: z.strictObject({}),
  async run(ctx) {
    const store = await ctx.store();
    const now = ctx.clock.now();
    const period = refillPeriod(new Date(now));
    const rows = [];
    for (const workspace of await store.workspaces.list()) {
      const entry = await store.credits.refill(workspace.id, period, now);
      rows.push({ workspaceId: workspace.id, name: workspace.name, plan: workspace.plan, refilled: entry?.amount ?? 0, balance: entry?.balanceAfter ?? workspace.balance });
    }
    const refilled = rows.filter((r) => r.refilled > 0).length;
    const table = renderTable(
      ["WORKSPACE", "NAME", "PLAN", "REFILLED", "BALANCE"],
      rows.map((r) => [r.workspaceId, r.name, r.plan, r.refilled || "-", r.balance]),
    );
    return {
      text: `${table}\nRefill for ${period}: ${refilled} workspace(s) topped up; the others were refilled already this month or had enough.`,
      json: { period, workspaces: rows },
    };
  },
};
