import type { Take } from "../domain/token-bucket.ts";

export type { Take } from "../domain/token-bucket.ts";

/**
 * Token buckets for the REST API, one per key (core/domain/token-bucket.ts). Implementations:
 * in process memory (core/engine/memory-rate-limit-store.ts; one machine, forgotten on
 * restart: what the SQLite deployment gets) and a Convex table (shared by every replica,
 * durable across restarts).
 */
export interface RateLimitStore {
  /**
   * Spends one token of `key`'s bucket of `perMinute`, atomically per key (two concurrent
   * takes never spend the same token), or says how long until one is back. `now` is the
   * caller's clock (epoch ms). Never throws for an unknown key: its bucket starts full.
   */
  take(key: string, perMinute: number, now: number): Promise<Take>;
}
