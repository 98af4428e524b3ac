import type Database from "better-sqlite3";
import { SCHEMA_V1 } from "./schema-v1.ts";
import { SCHEMA_V2_INSTALLATIONS } from "./schema-v2-installations.ts";
import { SCHEMA_V3_USER_STORAGE } from "./schema-v3-user-storage.ts";
import { SCHEMA_V4_DELIVERY_OUTBOX } from "./schema-v4-delivery-outbox.ts";
import { SCHEMA_V5_LEAN_JOBS_ACTOR_REVISION } from "./schema-v5-lean-jobs-actor-revision.ts";
import { SCHEMA_V6_WORKSPACE_LINKS } from "./schema-v6-workspace-links.ts";
import { SCHEMA_V7_INPUT_IMAGES } from "./schema-v7-input-images.ts";

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: a shipped migration is never edited, a change is a new version. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "initial schema", sql: SCHEMA_V1 },
  { version: 2, name: "oauth installations", sql: SCHEMA_V2_INSTALLATIONS },
  { version: 3, name: "per-user storage total", sql: SCHEMA_V3_USER_STORAGE },
  { version: 4, name: "delivery outbox", sql: SCHEMA_V4_DELIVERY_OUTBOX },
  { version: 5, name: "lean job indexes, actor revision", sql: SCHEMA_V5_LEAN_JOBS_ACTOR_REVISION },
  { version: 6, name: "workspace links", sql: SCHEMA_V6_WORKSPACE_LINKS },
  { version: 7, name: "job input images", sql: SCHEMA_V7_INPUT_IMAGES },
];

/**
 * Applies the migrations this file has not seen yet and returns their versions (empty when the
 * schema is current). The check and the DDL share one IMMEDIATE transaction, so two processes
 * opening a new file at once apply each migration exactly once.
 */
export function migrate(db: Database.Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const apply = db.transaction(() => {
    const done = new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .pluck()
        .all()
        .map((v) => Number(v)),
    );
    const pending = MIGRATIONS.filter((m) => !done.has(m.version));
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    }
    return pending.map((m) => m.version);
  });
  return apply.immediate();
}
