import type { StoreAdmin, TransferRecords, TransferTable } from "../../core/ports/store-admin.ts";
import { storePages } from "../../core/transfer/store-pages.ts";

/** Every record of every table the store holds, through the export path. */
export async function dumpStore(admin: StoreAdmin): Promise<Map<TransferTable, TransferRecords[TransferTable][]>> {
  const dump = new Map<TransferTable, TransferRecords[TransferTable][]>();
  for (const table of admin.tables) {
    const records: TransferRecords[TransferTable][] = [];
    for await (const page of storePages(admin, table, 7)) records.push(...page);
    dump.set(table, records);
  }
  return dump;
}

/** The tables and fields where `needle` appears anywhere in the store. */
export async function findEverywhere(admin: StoreAdmin, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const [table, records] of await dumpStore(admin)) {
    for (const record of records) if (JSON.stringify(record).includes(needle)) found.push(`${table}: ${JSON.stringify(record)}`);
  }
  return found;
}
