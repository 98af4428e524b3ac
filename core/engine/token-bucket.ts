import type { Clock } from "../ports/clock.ts";

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-key token buckets, in this process: a key holds up to `perMinute` tokens (a minute's
 * burst) and regains them continuously at `perMinute` a minute. With several processes behind
 * a load balancer each keeps its own buckets, so the effective limit is per process.
 */
export class TokenBuckets {
  // Only authenticated keys get a bucket, so this holds at most one entry per existing key.
  private readonly buckets = new Map<string, Bucket>();

  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Spends one token of `id`'s bucket, or says how long until one is back. */
  take(id: string, perMinute: number): Take {
    const now = this.clock.now();
    // A key without any budget would be a revoked key; revoking is how that is said.
    const capacity = Math.max(1, perMinute);
    const perMs = capacity / 60_000;
    const bucket = this.buckets.get(id) ?? { tokens: capacity, at: now };
    // max(0, …): a clock that steps back must not drain the bucket.
    const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
    if (tokens < 1) {
      this.buckets.set(id, { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
    }
    this.buckets.set(id, { tokens: tokens - 1, at: now });
    return { ok: true };
  }
}
