import { monotonicFactory } from "ulid";

/**
 * Application-level ids: a type prefix plus a ULID, so ids sort by creation time, survive a
 * move between stores, and a job id inside an old button keeps working.
 *
 * ulid's default generator asks the system for one random byte per character (16 calls for an
 * id in a new millisecond); this one draws them from a 4 KB buffer refilled from the same CSPRNG,
 * one system call per ~256 ids. Within a millisecond the factory increments (monotonic), as before.
 */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let next = POOL_BYTES;

function bufferedRandom(): number {
  if (next === POOL_BYTES) {
    // Web Crypto, not node:crypto: Convex functions import this file too.
    globalThis.crypto.getRandomValues(pool);
    next = 0;
  }
  return pool[next++]! / 256;
}

const ulid = monotonicFactory(bufferedRandom);

export type IdPrefix = "usr" | "ws" | "mem" | "job" | "img" | "col" | "key" | "led" | "use" | "idn" | "ins" | "lnk" | "dsc";

export function newId(prefix: IdPrefix, now = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}
