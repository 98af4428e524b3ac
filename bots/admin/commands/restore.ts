import { resolve } from "node:path";
import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import { restoreDatabase } from "../../../core/stores/sqlite/backup-database.ts";
import type { AdminCommand } from "../admin-command.ts";
import { path } from "../arg-schemas.ts";
import { sqliteFile } from "../../open-adapters.ts";
import { requireSqlite } from "./sqlite-only.ts";

export const restore: AdminCommand<{ file: string; force: boolean }> = {
  name: "restore",
  usage: "<file> [--force]",
  summary: "Replace the SQLite store with a backup (stop the product first); --force if the store holds data",
  positionals: ["file"],
  options: { force: { type: "boolean" } },
  schema: z.strictObject({ file: path, force: z.boolean().default(false) }),
  async run(ctx, args) {
    requireSqlite(ctx.config, "restore");
    const admin = (await ctx.store()).admin;
    const holding = [];
    for (const table of admin.tables) if ((await admin.exportPage(table, null, 1)).records.length > 0) holding.push(table);
    if (holding.length > 0 && !args.force) {
      throw new CodedError(
        "STORE_NOT_EMPTY",
        `The store at ${sqliteFile(ctx.config)} holds data (${holding.join(", ")}); restoring replaces all of it. Run again with --force to do that.`,
      );
    }
    // The backup is copied into the file under this connection: release it first.
    await ctx.closeStore();
    const source = resolve(args.file);
    const target = sqliteFile(ctx.config);
    const { pages } = await restoreDatabase(source, target);
    return { text: `Restored ${target} from ${source} (${pages} pages).`, json: { source, target, pages, replaced: holding } };
  },
};
