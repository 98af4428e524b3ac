import { resolve } from "node:path";
import { z } from "zod";
import { exportStore } from "../../../core/transfer/export-store.ts";
import type { AdminCommand } from "../admin-command.ts";
import { path } from "../arg-schemas.ts";
import { renderTable } from "../render-table.ts";

export const exportCommand: AdminCommand<{ dir: string }> = {
  name: "export",
  usage: "<dir>",
  summary: "Write every table as JSON lines (one file per table) into a new directory; stop the product first for one consistent moment",
  positionals: ["dir"],
  schema: z.strictObject({ dir: path }),
  async run(ctx, args) {
    const dir = resolve(args.dir);
    const manifest = await exportStore((await ctx.store()).admin, dir, ctx.clock.now());
    const counts = Object.entries(manifest.tables);
    return {
      text: `${renderTable(["TABLE", "RECORDS"], counts)}\nExported the ${manifest.source} store to ${dir}.`,
      json: { dir, ...manifest },
    };
  },
};
