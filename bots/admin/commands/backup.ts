import { resolve } from "node:path";
import { z } from "zod";
import { backupDatabase } from "../../../core/stores/sqlite/backup-database.ts";
import type { AdminCommand } from "../admin-command.ts";
import { path } from "../arg-schemas.ts";
import { sqliteFile } from "../../open-adapters.ts";
import { requireSqlite } from "./sqlite-only.ts";

export const backup: AdminCommand<{ file: string }> = {
  name: "backup",
  usage: "<file>",
  summary: "Copy the SQLite store to a new file, consistently, while the product keeps running",
  positionals: ["file"],
  schema: z.strictObject({ file: path }),
  async run(ctx, args) {
    requireSqlite(ctx.config, "backup");
    const source = sqliteFile(ctx.config);
    const target = resolve(args.file);
    const { pages } = await backupDatabase(source, target);
    return { text: `Backed up ${source} to ${target} (${pages} pages).`, json: { source, target, pages } };
  },
};
