import { monotonicFactory } from "ulid";

/**
 * Application-level ids: a type prefix plus a ULID, so ids sort by creation time, survive a
 * move between stores, and a job id inside an old button keeps working.
 */
const ulid = monotonicFactory();

export type IdPrefix = "usr" | "ws" | "mem" | "job" | "img" | "col" | "key" | "led" | "use" | "idn" | "ins";

export function newId(prefix: IdPrefix, now = Date.now()): string {
  return `${prefix}_${ulid(now)}`;
}
