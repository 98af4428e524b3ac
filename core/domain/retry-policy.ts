/**
 * Retry policy is data. Permanent failures (content policy, bad request, bad key) never retry;
 * retryable ones back off exponentially with full jitter, and a provider's Retry-After wins
 * when it asks for longer.
 */
export interface RetryPolicy {
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  base: number;
}

export const DEFAULT_RETRY_POLICY = {
  maxAttempts: 3,
  initialBackoffMs: 2_000,
  maxBackoffMs: 60_000,
  base: 2,
} as const satisfies RetryPolicy;

/** Delay before attempt `attempt + 1`, where `attempt` (1-based) just failed. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | null, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.base ** (attempt - 1));
  // Half fixed, half jitter: spreads a burst of retries without ever retrying immediately.
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function shouldRetry(policy: RetryPolicy, attempt: number, retryable: boolean): boolean {
  return retryable && attempt < policy.maxAttempts;
}
