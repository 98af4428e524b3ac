import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CodedError } from "../domain/errors.ts";
import { TRANSFER_TABLES, type StoreAdmin, type TransferRecords, type TransferTable } from "../ports/store-admin.ts";
import { MANIFEST_FILE, manifestSchema, tableFile, type Manifest } from "./manifest.ts";
import { readRecords } from "./read-records.ts";
import { storePages } from "./store-pages.ts";
import { transferKey } from "./transfer-key.ts";

export interface ImportedTable {
  table: TransferTable;
  /** Records in the export. */
  records: number;
  inserted: number;
  /** Already in the store (an earlier, interrupted run imported them). */
  skipped: number;
}

/**
 * Imports an export made by exportStore. Everything is read and checked before the first
 * write: the manifest, every line of every file, and the target, which may hold only records
 * from this very export (an interrupted earlier run); anything else refuses the import. Then
 * each table is copied in batches, each batch one transaction that skips records already
 * there, so running the import again resumes it.
 */
export async function importStore(admin: StoreAdmin, dir: string): Promise<ImportedTable[]> {
  const manifest = await readManifest(dir);
  const tables = TRANSFER_TABLES.filter((table) => manifest.tables[table] !== undefined);
  const unheld = tables.filter((table) => manifest.tables[table]! > 0 && !admin.tables.includes(table));
  if (unheld.length > 0) {
    throw new CodedError(
      "IMPORT_UNSUPPORTED_TABLE",
      `The export has ${unheld.map((t) => `${manifest.tables[t]} ${t}`).join(", ")} record(s), which the ${admin.kind} store cannot hold yet. Nothing was imported.`,
      { fields: { tables: unheld } },
    );
  }
  const exported = await exportKeys(dir, manifest, tables);
  const present = await checkTarget(admin, exported);

  const report: ImportedTable[] = [];
  for (const table of tables) {
    const records = manifest.tables[table]!;
    // The target holds only this export's keys, so as many of them as the file has means all.
    report.push(present.get(table) === records ? { table, records, inserted: 0, skipped: records } : await copyTable(admin, dir, table, records));
  }
  return report;
}

async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CodedError("EXPORT_INVALID", `${path} is missing or unreadable: ${dir} is not an export, or its export did not finish.`, {
      cause: error,
    });
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError("EXPORT_INVALID", `${path} is not a Pixorly export manifest (format pixorly-export, version 1): ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}

/** Validates every file against the manifest and returns each table's keys. */
async function exportKeys(dir: string, manifest: Manifest, tables: TransferTable[]): Promise<Map<TransferTable, Set<string>>> {
  const keys = new Map<TransferTable, Set<string>>();
  for (const table of tables) {
    const seen = new Set<string>();
    for await (const record of readRecords(dir, table)) seen.add(transferKey(table, record));
    if (seen.size !== manifest.tables[table]) {
      throw new CodedError(
        "EXPORT_INVALID",
        `${tableFile(table)} holds ${seen.size} distinct record(s) but the manifest says ${manifest.tables[table]}: the export is incomplete or was edited.`,
      );
    }
    keys.set(table, seen);
  }
  return keys;
}

/** Counts what the target already holds per table, refusing anything this export does not have. */
async function checkTarget(admin: StoreAdmin, exported: Map<TransferTable, Set<string>>): Promise<Map<TransferTable, number>> {
  const present = new Map<TransferTable, number>();
  for (const table of admin.tables) {
    const ours = exported.get(table) ?? new Set<string>();
    let count = 0;
    for await (const records of storePages(admin, table)) {
      for (const record of records) {
        const key = transferKey(table, record);
        if (!ours.has(key)) {
          throw new CodedError(
            "IMPORT_FOREIGN_TARGET",
            `The target store already holds ${table} ${key}, which is not in this export: import only into an empty store (or one this export was partly imported into). Nothing was imported.`,
            { fields: { table, key } },
          );
        }
        count += 1;
      }
    }
    present.set(table, count);
  }
  return present;
}

/** Records per importRecords call: one transaction each, well inside Convex's per-mutation limits. */
const BATCH_SIZE = 200;

async function copyTable(admin: StoreAdmin, dir: string, table: TransferTable, records: number): Promise<ImportedTable> {
  const done: ImportedTable = { table, records, inserted: 0, skipped: 0 };
  let batch: TransferRecords[TransferTable][] = [];
  const flush = async () => {
    const result = await admin.importRecords(table, batch);
    done.inserted += result.inserted;
    done.skipped += result.skipped;
    batch = [];
  };
  for await (const record of readRecords(dir, table)) {
    batch.push(record);
    if (batch.length >= BATCH_SIZE) await flush();
  }
  if (batch.length > 0) await flush();
  return done;
}
