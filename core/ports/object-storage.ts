export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

/** Optional facts about a stored image; adapters that cannot use them ignore them. */
export interface PutOptions {
  /** Recorded with the object (S3 metadata) so an object can be traced back to its job. */
  jobId?: string;
  /** Private images get signed, expiring URLs where the adapter can sign (CloudFront, S3). */
  private?: boolean;
}

/** One stored object as a listing sees it. */
export interface ListedObject {
  key: string;
  /** When the object was last written, ms since the epoch. */
  lastModified: number;
}

export interface UrlOptions {
  private?: boolean;
}

/**
 * Where image bytes live (local disk, S3). Keys are unguessable paths chosen by the engine,
 * e.g. "ws_.../job_.../0-<random>.png".
 */
export interface ObjectStorage {
  /** Stores the bytes (overwriting the same key is harmless) and returns the object's URL. */
  put(key: string, bytes: Uint8Array, contentType: string, options?: PutOptions): Promise<{ url: string }>;
  /** Null when no object has this key. */
  get(key: string): Promise<StoredObject | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Every object whose key starts with `prefix` (e.g. "ws_1/2026-11-26/", one workspace's day),
   * in no particular order. For the janitor's orphan sweep; nothing on a request path lists.
   */
  list(prefix: string): Promise<ListedObject[]>;
  urlFor(key: string, options?: UrlOptions): string;
  /**
   * True when urlFor() URLs are reachable by Discord's and Slack's servers (CloudFront, a public
   * PUBLIC_URL); false for local disk behind localhost, where bots attach the bytes instead.
   */
  readonly publicUrls: boolean;
  /** Absolute path on this machine when the object is a local file, for the console to print. */
  localPath?(key: string): string;
}
