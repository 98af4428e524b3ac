import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { CodedError } from "../../domain/errors.ts";
import { MIGRATIONS } from "./migrations.ts";
import { openDatabase } from "./open-database.ts";

/**
 * Pages per backup step: all of them. SQLite's backup API restarts a copy whenever another
 * connection writes between two steps, so under a running product a stepwise copy may never
 * finish. One step copies everything inside one read transaction instead: a consistent
 * snapshot, and in WAL mode the product's writers carry on meanwhile.
 */
const ALL_PAGES = 0x7fffffff;

/** An online backup of the store's file, safe while bots and workers write to it. */
export async function backupDatabase(source: string, target: string): Promise<{ pages: number }> {
  if (!existsSync(source)) throw new CodedError("NO_DATABASE", `There is no database at ${source} to back up: check DATA_DIR.`);
  if (existsSync(target)) throw new CodedError("BACKUP_EXISTS", `${target} already exists: back up to a new file name.`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(target, { progress: () => ALL_PAGES });
    return { pages: totalPages };
  } finally {
    db.close();
  }
}

/**
 * Replaces the database at `target` with the backup's contents through the same backup API
 * (page by page into the live file, WAL included), then applies migrations the backup predates.
 * The caller decides whether `target` may be overwritten; run it with the product stopped.
 */
export async function restoreDatabase(backup: string, target: string): Promise<{ pages: number }> {
  const source = openBackup(backup);
  let pages: number;
  try {
    ({ totalPages: pages } = await source.backup(target, { progress: () => ALL_PAGES }));
  } finally {
    source.close();
  }
  openDatabase(target).close();
  return { pages };
}

/** Opens `file` read-only after checking it is an intact Pixorly database this version can read. */
function openBackup(file: string): Database.Database {
  if (!existsSync(file)) throw new CodedError("NO_BACKUP", `There is no backup at ${file}.`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new Error(`integrity check says: ${String(check)}`);
    const version = db.prepare("SELECT max(version) FROM schema_migrations").pluck().get() as number | null;
    const known = Math.max(...MIGRATIONS.map((m) => m.version));
    if (version === null || version > known) {
      throw new Error(version === null ? "it has no schema version" : `it was written by a newer Pixorly (schema ${version}, this one knows ${known})`);
    }
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodedError("BAD_BACKUP", `${file} is not a usable Pixorly backup: ${reason}.`, { cause: error });
  }
}
