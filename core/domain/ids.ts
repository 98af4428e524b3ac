import { monotonicFactory } from "ulid";
import { pooledRandomFraction } from "./random-pool.ts";

/**
 * Application-level ids: a type prefix plus a ULID, so ids sort by creation time, survive a
 * move between stores, and a job id inside an old button keeps working.
 *
 * ulid's default generator asks the system for one random byte per character (16 calls for an
 * id in a new millisecond); this one draws them from the shared CSPRNG pool (random-pool.ts).
 * Within a millisecond the factory increments (monotonic), as before.
 */
const ulid = monotonicFactory(pooledRandomFraction);

export type IdPrefix = "usr" | "ws" | "mem" | "job" | "img" | "col" | "key" | "led" | "use" | "idn" | "ins" | "lnk" | "dsc";

export function newId(prefix: IdPrefix, now = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}
