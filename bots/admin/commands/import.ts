import { resolve } from "node:path";
import { z } from "zod";
import { importStore } from "../../../core/transfer/import-store.ts";
import type { AdminCommand } from "../admin-command.ts";
import { path } from "../arg-schemas.ts";
import { renderTable } from "../render-table.ts";

export const importCommand: AdminCommand<{ dir: string }> = {
  name: "import",
  usage: "<dir>",
  summary: "Load an export into an empty store (or finish an interrupted import of the same export)",
  positionals: ["dir"],
  schema: z.strictObject({ dir: path }),
  async run(ctx, args) {
    const dir = resolve(args.dir);
    const store = await ctx.store();
    const report = await importStore(store.admin, dir);
    const inserted = report.reduce((sum, t) => sum + t.inserted, 0);
    return {
      text: `${renderTable(
        ["TABLE", "RECORDS", "IMPORTED", "ALREADY THERE"],
        report.map((t) => [t.table, t.records, t.inserted, t.skipped]),
      )}\nImported ${inserted} record(s) from ${dir} into the ${store.admin.kind} store.`,
      json: { dir, tables: report },
    };
  },
};
