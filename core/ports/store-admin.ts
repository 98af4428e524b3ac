import type { Collection, Image } from "../domain/image.ts";
import type { Job } from "../domain/job.ts";
import type { LedgerEntry } from "../domain/ledger.ts";
import type { Result } from "../domain/result.ts";
import type { UsageDay } from "../domain/usage.ts";
import type { Member, Platform, User, Workspace } from "../domain/workspace.ts";
import type { Installation } from "./installation-store.ts";
import type { ApiKey, Store } from "./store.ts";

/**
 * Every table an export holds, in import order: each table's references point only at tables
 * before it. Derived bookkeeping (queue counters, per-member job counts, collection image
 * counts, SQLite's scheduling columns) is not exported; each store rebuilds its own on import.
 */
export const TRANSFER_TABLES = [
  "users",
  "identities",
  "workspaces",
  "members",
  "jobs",
  "images",
  "collections",
  "collection_images",
  "api_keys",
  "usage",
  "ledger",
  "refills",
  "installations",
] as const;
export type TransferTable = (typeof TRANSFER_TABLES)[number];

export interface IdentityRecord {
  id: string;
  userId: string;
  platform: Platform;
  externalUserId: string;
  createdAt: number;
}

export type CollectionKind = "channel" | "saved" | "custom";

/** A collection without its image count (derived from the links). */
export interface CollectionRecord extends Omit<Collection, "imageCount"> {
  kind: CollectionKind;
}

export interface CollectionLinkRecord {
  collectionId: string;
  imageId: string;
  addedBy: string | null;
  addedAt: number;
}

export interface RefillRecord {
  workspaceId: string;
  /** "YYYY-MM" */
  period: string;
  amount: number;
  createdAt: number;
}

/** `id` is the installation key, "<platform>/<enterprise id or ->/<team id or ->". */
export interface InstallationRecord extends Installation {
  id: string;
}

/**
 * The store-independent shape of each table's rows: the domain types where core has one, keyed
 * by application-level ids, so a record reads the same whichever store wrote it.
 */
export interface TransferRecords {
  users: User;
  identities: IdentityRecord;
  workspaces: Workspace;
  members: Member;
  jobs: Job;
  images: Image;
  collections: CollectionRecord;
  collection_images: CollectionLinkRecord;
  api_keys: ApiKey;
  usage: UsageDay;
  ledger: LedgerEntry;
  refills: RefillRecord;
  installations: InstallationRecord;
}

export interface TransferPage<T extends TransferTable> {
  records: TransferRecords[T][];
  /** Opaque; pass it back for the next page. Null after the last page. */
  nextCursor: string | null;
}

/** What a person has in flight and where, read before forgetting them. */
export interface UserFootprint {
  workspaceIds: string[];
  pendingJobIds: string[];
  processingJobIds: string[];
}

/** What forgetUser removed or anonymized. */
export interface ForgetSummary {
  identities: number;
  memberships: number;
  images: number;
  apiKeys: number;
  collections: number;
  /** Jobs kept for the ledger's sake, re-pointed at the tombstone with their prompts removed. */
  jobs: number;
  /** Daily usage rows merged into the tombstone's. */
  usageDays: number;
  /** Storage keys of the image rows it deleted and of the jobs' input images: their objects are the caller's to delete. */
  storageKeys: string[];
}

export interface ForgetRefusal {
  code: "JOBS_IN_FLIGHT";
  message: string;
  details: { jobIds: string[] };
}

/**
 * Operator operations (bots/admin, /forget-me) that the product's hot paths never need.
 * Adapters: core/stores/sqlite/store-admin.ts, core/stores/convex/store-admin.ts. Each method is
 * atomic unless it says otherwise; times are the caller's clock.
 */
export interface StoreAdmin {
  readonly kind: "sqlite" | "convex";
  /** The tables this store can hold; an import refuses records for any other. */
  readonly tables: readonly TransferTable[];
  /**
   * One page of a table in key order. Pages are separate reads: export from a store nothing
   * writes to, or the pages may disagree with each other.
   */
  exportPage<T extends TransferTable>(table: T, cursor: string | null, limit: number): Promise<TransferPage<T>>;
  /**
   * Inserts the records whose key (id, or the composite key of links, usage and refills) the
   * store does not hold yet and skips the others, so re-running an interrupted import is
   * harmless. One transaction per call; the derived bookkeeping moves with the rows.
   */
  importRecords<T extends TransferTable>(table: T, records: TransferRecords[T][]): Promise<{ inserted: number; skipped: number }>;
  /** Images stored in a workspace (reads them all on Convex, page by page). */
  countImages(workspaceId: string): Promise<number>;
  userFootprint(userId: string): Promise<UserFootprint>;
  /** Bytes of the images a user made that are still stored (kept with every image insert and delete); 0 for an unknown user. */
  userStorageBytes(userId: string): Promise<number>;
  /**
   * Forgets a user (core/domain/forgotten-user.ts): deletes identities, memberships, API keys,
   * personal collections, remaining images and the user row; re-points jobs, every ledger
   * entry and collection link naming the user, and daily usage at the tombstone, removing
   * prompts (core/domain/rules/forget.ts). Refuses while the user has
   * pending or processing jobs. Convex runs it as a series of bounded transactions, each
   * leaving a consistent store, so an interrupted call is finished by calling again.
   * An unknown user (or one already forgotten) yields an all-zero summary.
   */
  forgetUser(userId: string, now: number): Promise<Result<ForgetSummary, ForgetRefusal>>;
}

/** A Store with its operator side, as createSqliteStore and createConvexStore build it. */
export interface AdminStore extends Store {
  readonly admin: StoreAdmin;
}

/**
 * The operator side of a Store the engine holds as the plain port (EngineOptions.store), so
 * front ends reach /forget-me without the composition root retyping it. Null for a Store
 * built without one (a test double).
 */
export function adminOf(store: Store): StoreAdmin | null {
  return "admin" in store ? (store as AdminStore).admin : null;
}
