import { z } from "zod";
import { USAGE_COUNTED, type UsageDay } from "../../../core/domain/usage.ts";
import type { AdminCommand } from "../admin-command.ts";
import { utcDate, workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";

const COLUMNS = ["date", "workspaceId", "userId", ...USAGE_COUNTED] as const;

const csvCell = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

/** One line per row; per-model image counts as "model=count" pairs joined by ";". */
function toCsv(rows: UsageDay[]): string {
  const lines = rows.map((row) => {
    const models = Object.entries(row.models)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([model, images]) => `${model}=${images}`)
      .join(";");
    return [...COLUMNS.map((column) => row[column]), models].map(csvCell).join(",");
  });
  return [[...COLUMNS, "models"].join(","), ...lines].join("\n");
}

export const usage: AdminCommand<{ from: string; to: string; workspace?: string; format: "csv" | "json" }> = {
  name: "usage",
  usage: "--from YYYY-MM-DD --to YYYY-MM-DD [--workspace <workspace>] [--format csv|json]",
  summary: "The daily usage rows (per workspace, member and UTC day) in a date range, as CSV (default) or JSON",
  positionals: [],
  options: { from: { type: "string" }, to: { type: "string" }, workspace: { type: "string" }, format: { type: "string" } },
  schema: z
    .strictObject({
      from: utcDate,
      to: utcDate,
      workspace: workspaceRef.optional(),
      format: z.enum(["csv", "json"], { error: "expected csv or json" }).default("csv"),
    })
    .refine((args) => args.from <= args.to, { message: "must not be before --from", path: ["to"] }),
  async run(ctx, args) {
    const store = await ctx.store();
    const workspaceId = args.workspace === undefined ? undefined : (await findWorkspace(store, args.workspace)).id;
    const rows = await store.usage.list({ workspaceId, fromDate: args.from, toDate: args.to });
    return { text: args.format === "csv" ? toCsv(rows) : JSON.stringify(rows, null, 2), json: rows };
  },
};
