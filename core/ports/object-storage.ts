export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

/**
 * Where image bytes live (local disk, S3). Keys are unguessable paths chosen by the engine,
 * e.g. "ws_.../job_.../0-<random>.png".
 */
export interface ObjectStorage {
  /** Stores the bytes (overwriting the same key is harmless) and returns the object's URL. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<{ url: string }>;
  /** Null when no object has this key. */
  get(key: string): Promise<StoredObject | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  urlFor(key: string): string;
  /**
   * True when urlFor() URLs are reachable by Discord's and Slack's servers (CloudFront, a public
   * PUBLIC_URL); false for local disk behind localhost, where bots attach the bytes instead.
   */
  readonly publicUrls: boolean;
  /** Absolute path on this machine when the object is a local file, for the console to print. */
  localPath?(key: string): string;
}
