export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/** A key's bucket: tokens left as of `at` (epoch ms). */
export interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The REST API's rate rule, one token per request: a key holds up to `perMinute` tokens (a
 * minute's burst) and regains them continuously at `perMinute` a minute. Pure, so the
 * in-process limiter and the Convex table apply the same rule. `bucket` null: never used.
 */
export function spendToken(bucket: Bucket | null, perMinute: number, now: number): { bucket: Bucket; take: Take } {
  // A key without any budget would be a revoked key; revoking is how that is said.
  const capacity = Math.max(1, perMinute);
  const perMs = capacity / 60_000;
  const start = bucket ?? { tokens: capacity, at: now };
  // max(0, …): a clock that steps back must not drain the bucket.
  const tokens = Math.min(capacity, start.tokens + Math.max(0, now - start.at) * perMs);
  if (tokens < 1) return { bucket: { tokens, at: now }, take: { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) } };
  return { bucket: { tokens: tokens - 1, at: now }, take: { ok: true } };
}
