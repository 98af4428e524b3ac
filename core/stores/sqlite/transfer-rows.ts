import type { TransferPage, TransferRecords, TransferTable } from "../../ports/store-admin.ts";
import { bumpCounter } from "./counters.ts";
import type { SqliteContext } from "./sqlite-context.ts";
import { decodeRow, encodeRecord, SQLITE_TRANSFER_TABLES } from "./transfer-tables.ts";

/** One page in primary key order; the cursor is the last row's key, as JSON. */
export function exportPage<T extends TransferTable>(ctx: SqliteContext, table: T, cursor: string | null, limit: number): TransferPage<T> {
  const spec = SQLITE_TRANSFER_TABLES[table];
  const key = spec.key.join(", ");
  const after = cursor === null ? "" : `WHERE (${key}) > (${spec.key.map(() => "?").join(", ")})`;
  const select = spec.columns.map((c) => c.column).join(", ");
  const params = cursor === null ? [] : (JSON.parse(cursor) as unknown[]);
  // One row past the page tells whether another page exists.
  const rows = ctx.sql(`SELECT ${select} FROM ${spec.table} ${after} ORDER BY ${key} LIMIT ?`).all(...params, limit + 1) as Record<string, unknown>[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    records: page.map((row) => decodeRow(spec, row) as unknown as TransferRecords[T]),
    nextCursor: rows.length > limit && last ? JSON.stringify(spec.key.map((column) => last[column])) : null,
  };
}

/**
 * Inserts the records whose primary key is new, in the caller's transaction. A plain INSERT,
 * not INSERT OR IGNORE: a clash on any other unique constraint means the export and the store
 * disagree, which must fail loudly rather than drop the record.
 */
export function importRows<T extends TransferTable>(ctx: SqliteContext, table: T, records: TransferRecords[T][]): { inserted: number; skipped: number } {
  const spec = SQLITE_TRANSFER_TABLES[table];
  const exists = ctx.sql(`SELECT 1 FROM ${spec.table} WHERE ${spec.key.map((column) => `${column} = ?`).join(" AND ")}`);
  const insert = ctx.sql(
    `INSERT INTO ${spec.table} (${spec.columns.map((c) => c.column).join(", ")}) VALUES (${spec.columns.map((c) => `@${c.column}`).join(", ")})`,
  );
  let inserted = 0;
  for (const record of records) {
    const row = encodeRecord(spec, record as unknown as Record<string, unknown>);
    if (exists.get(...spec.key.map((column) => row[column]))) continue;
    insert.run(row);
    if (table === "jobs") countQueued(ctx, record as TransferRecords["jobs"]);
    // The per-user storage total is not exported: it follows the images, as on Convex (adminImport).
    if (table === "images") {
      const image = record as TransferRecords["images"];
      ctx.sql("UPDATE users SET storage_used_bytes = storage_used_bytes + ? WHERE id = ?").run(image.bytes, image.userId);
    }
    inserted += 1;
  }
  return { inserted, skipped: records.length - inserted };
}

/**
 * The queue tallies submit and the transitions keep (see move-pending.ts): a pending job is one
 * of its workspace's claim candidates; any other has left the queue, which positions count.
 */
function countQueued(ctx: SqliteContext, job: TransferRecords["jobs"]): void {
  if (job.status === "pending") ctx.sql("UPDATE workspaces SET pending_jobs = pending_jobs + 1 WHERE id = ?").run(job.workspaceId);
  else bumpCounter(ctx, "jobs_dequeued", 1);
}
