import type { StoreAdmin, TransferPage, TransferRecords, TransferTable } from "../ports/store-admin.ts";

/** A table's records, a page at a time, until the store says there are no more. */
export async function* storePages<T extends TransferTable>(admin: StoreAdmin, table: T, pageSize = 500): AsyncGenerator<TransferRecords[T][]> {
  let cursor: string | null = null;
  do {
    const page: TransferPage<T> = await admin.exportPage(table, cursor, pageSize);
    yield page.records;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
