import { spendToken, type Bucket } from "../domain/token-bucket.ts";
import type { RateLimitStore } from "../ports/rate-limit-store.ts";

/**
 * Buckets in this process: the single-machine limiter (SQLite deployments). With several
 * processes behind a load balancer each keeps its own, so the effective limit is per process;
 * a Convex store shares one table instead (convex/rateLimits.ts).
 */
export function createMemoryRateLimitStore(): RateLimitStore {
  // Only authenticated keys get a bucket, so this holds at most one entry per existing key.
  const buckets = new Map<string, Bucket>();
  return {
    async take(key, perMinute, now) {
      const { bucket, take } = spendToken(buckets.get(key) ?? null, perMinute, now);
      buckets.set(key, bucket);
      return take;
    },
  };
}
