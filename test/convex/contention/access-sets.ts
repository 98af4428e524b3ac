import { compareKeys, compareValues, fieldsOf, type IndexKey } from "./index-keys.ts";

/**
 * One index range a transaction read: equality on a prefix of the index's fields, optional
 * bounds on the next field, and, when the reader stopped early (take, first, a break out of
 * an iteration), the key of the last document it saw. Convex's read set is exactly that
 * interval: from the range's start up to where the scan stopped.
 */
export interface ReadRange {
  table: string;
  index: string;
  eq: unknown[];
  lower: { value: unknown; inclusive: boolean } | null;
  upper: { value: unknown; inclusive: boolean } | null;
  order: "asc" | "desc";
  /** Null: the scan ran to the end of the range. */
  stoppedAt: IndexKey | null;
}

/** One document written: its keys before (null for an insert) and after (null for a delete). */
export interface Write {
  table: string;
  id: string;
  before: Map<string, IndexKey> | null;
  after: Map<string, IndexKey> | null;
}

export interface AccessSet {
  label: string;
  reads: ReadRange[];
  writes: Write[];
}

export function inRange(range: ReadRange, key: IndexKey): boolean {
  for (let i = 0; i < range.eq.length; i++) if (compareValues(key[i], range.eq[i]) !== 0) return false;
  const next = key[range.eq.length];
  if (range.lower) {
    const c = compareValues(next, range.lower.value);
    if (c < 0 || (c === 0 && !range.lower.inclusive)) return false;
  }
  if (range.upper) {
    const c = compareValues(next, range.upper.value);
    if (c > 0 || (c === 0 && !range.upper.inclusive)) return false;
  }
  if (range.stoppedAt) {
    const c = compareKeys(key, range.stoppedAt);
    if (range.order === "asc" ? c > 0 : c < 0) return false;
  }
  return true;
}

/** Does `write` change what a transaction that read `range` saw? (Its old or new key lies inside.) */
export function touches(write: Write, range: ReadRange): boolean {
  if (write.table !== range.table) return false;
  fieldsOf(range.table, range.index);
  return [write.before, write.after].some((keys) => keys !== null && inRange(range, keys.get(range.index)!));
}

/**
 * Convex's OCC rule for two transactions that run at the same time: one of them must retry
 * when either wrote something inside the other's read set.
 */
export function conflict(a: AccessSet, b: AccessSet): boolean {
  const hits = (writer: AccessSet, reader: AccessSet) => writer.writes.some((w) => reader.reads.some((r) => touches(w, r)));
  return hits(a, b) || hits(b, a);
}

/** What made two transactions conflict, for messages: "generationJobs.by_app_id" etc. */
export function conflictReasons(a: AccessSet, b: AccessSet): string[] {
  const reasons = new Set<string>();
  for (const [writer, reader] of [[a, b], [b, a]] as const) {
    for (const w of writer.writes) for (const r of reader.reads) if (touches(w, r)) reasons.add(`${r.table}.${r.index}`);
  }
  return [...reasons];
}
