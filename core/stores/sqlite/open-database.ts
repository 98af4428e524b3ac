import Database from "better-sqlite3";
import { migrate } from "./migrations.ts";

/** How long a writer waits for another process's write transaction before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/**
 * WAL pages between automatic checkpoints (SQLite's default is 1,000). Each checkpoint fsyncs
 * twice and copies every page changed since the last one; a job rewrites the same hot pages
 * (queue indexes, counters, the workspace row), so a 16 MB WAL copies them less often and cut
 * claim and complete times by a fifth in the queue benchmark.
 */
const WAL_AUTOCHECKPOINT_PAGES = 4_000;

/**
 * Opens (creating if needed) and migrates the database. WAL lets readers run beside the one
 * writer, which is what several bot and worker processes on one file need; synchronous=NORMAL
 * is durable across application crashes in WAL mode and avoids an fsync per commit.
 *
 * temp_store=MEMORY keeps statement journals off disk. Every call in a group commit runs in its
 * own savepoint (group-commit.ts), and a savepoint journals the old content of each page it
 * changes; past 64 KB (SQLite's spill size: about one submit's worth of pages) that journal
 * became a temporary file, so each submit also wrote ~15 pages to it (~30 pwrite calls, more
 * syscalls than its WAL frames). In memory the journal is a copy, dropped at RELEASE. Sorts
 * that need a temporary b-tree live in memory too: set after the migrations, so a migration's
 * CREATE INDEX over a big table still sorts on disk (measured: +96 MB of RSS in memory for
 * 600k jobs, +5 MB on disk); of the store's own queries only the janitor's failStale sorts all
 * the rows it returns (at most twice what it loads anyway), the rest follow indexes (the
 * query-plans test).
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma("foreign_keys = ON");
  migrate(db);
  db.pragma("temp_store = MEMORY");
  return db;
}
