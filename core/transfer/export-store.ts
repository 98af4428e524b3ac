import { mkdir, open, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CodedError } from "../domain/errors.ts";
import type { StoreAdmin } from "../ports/store-admin.ts";
import { canonicalJson } from "./canonical-json.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, MANIFEST_FILE, tableFile, type Manifest } from "./manifest.ts";
import { storePages } from "./store-pages.ts";

/**
 * Writes every table the store holds to `<dir>/<table>.jsonl` (one canonical JSON record per
 * line, in the store's key order), then `manifest.json`. Refuses a directory that already has
 * files, so one export never mixes with another.
 */
export async function exportStore(admin: StoreAdmin, dir: string, now: number): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) {
    throw new CodedError("EXPORT_DIR_NOT_EMPTY", `${dir} is not empty: export into a new or empty directory.`, { fields: { dir } });
  }
  const manifest: Manifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    source: admin.kind,
    exportedAt: new Date(now).toISOString(),
    tables: {},
  };
  for (const table of admin.tables) {
    const file = await open(join(dir, tableFile(table)), "wx");
    let count = 0;
    try {
      for await (const records of storePages(admin, table)) {
        if (records.length > 0) await file.write(records.map((record) => `${canonicalJson(record)}\n`).join(""));
        count += records.length;
      }
      await file.sync();
    } finally {
      await file.close();
    }
    manifest.tables[table] = count;
  }
  // Last and atomically: a directory with a manifest holds a finished export.
  const temp = join(dir, `.${MANIFEST_FILE}.tmp`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temp, join(dir, MANIFEST_FILE));
  return manifest;
}
