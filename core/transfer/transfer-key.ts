import type { TransferRecords, TransferTable } from "../ports/store-admin.ts";

const byId = (record: { id: string }) => record.id;

/**
 * The key that identifies a record across stores: its application-level id, or for the tables
 * keyed by what they join, those ids joined by "/" (ids never contain one; an installation key
 * does, but it is a single id).
 */
const KEYS: { [T in TransferTable]: (record: TransferRecords[T]) => string } = {
  users: byId,
  identities: byId,
  workspaces: byId,
  members: byId,
  jobs: byId,
  images: byId,
  collections: byId,
  collection_images: (link) => `${link.collectionId}/${link.imageId}`,
  api_keys: byId,
  usage: (day) => `${day.workspaceId}/${day.userId}/${day.date}`,
  ledger: byId,
  refills: (refill) => `${refill.workspaceId}/${refill.period}`,
  installations: byId,
};

export function transferKey<T extends TransferTable>(table: T, record: TransferRecords[T]): string {
  // The mapped type pairs each table with its own function; indexing by a generic T loses that.
  return (KEYS[table] as (record: TransferRecords[T]) => string)(record);
}
