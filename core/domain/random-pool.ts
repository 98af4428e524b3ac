/**
 * Random bytes drawn from a 4 KB buffer refilled from the system CSPRNG (Web Crypto, not
 * node:crypto: Convex functions import this file too). A call to the system per 4 KB instead of
 * one per id or key: here each randomBytes() call cost ~8 us, and every job takes several
 * (its id, its ledger entry's, its images' ids and keys). The bytes are the CSPRNG's own, so
 * they are as unguessable as a direct call's.
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let next = POOL_BYTES;

export function pooledRandomBytes(count: number): Uint8Array {
  if (count > POOL_BYTES) return globalThis.crypto.getRandomValues(new Uint8Array(count));
  if (next + count > POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  const bytes = pool.slice(next, next + count);
  next += count;
  return bytes;
}

/** One random byte from the pool, as a number in [0, 1) (ulid's PRNG shape). */
export function pooledRandomFraction(): number {
  if (next === POOL_BYTES) {
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}
