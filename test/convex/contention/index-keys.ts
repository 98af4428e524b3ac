import schema from "../../../convex/schema.ts";

/** A value as Convex orders it inside an index key. */
type KeyValue = unknown;
export type IndexKey = KeyValue[];

/** Convex's order between value types: undefined < null < int64 < float64 < boolean < string < bytes < array < object. */
function rank(value: unknown): number {
  if (value === undefined) return 0;
  if (value === null) return 1;
  if (typeof value === "bigint") return 2;
  if (typeof value === "number") return 3;
  if (typeof value === "boolean") return 4;
  if (typeof value === "string") return 5;
  if (value instanceof ArrayBuffer) return 6;
  if (Array.isArray(value)) return 7;
  return 8;
}

export function compareValues(a: unknown, b: unknown): number {
  const byType = rank(a) - rank(b);
  if (byType !== 0) return Math.sign(byType);
  if (typeof a === "number" || typeof a === "bigint") return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  if (typeof a === "boolean") return Number(a) - Number(b);
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) return compareKeys(a, b as unknown[]);
  if (a === undefined || a === null) return 0;
  return compareValues(JSON.stringify(a), JSON.stringify(b));
}

/** Lexicographic over the key's columns; a shorter key that is a prefix sorts first. */
export function compareKeys(a: IndexKey, b: IndexKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Every index of every table, as Convex keeps them: the declared fields, then _creationTime and _id. */
const indexFields = new Map<string, Map<string, string[]>>();
for (const [table, definition] of Object.entries(schema.tables)) {
  const indexes = new Map<string, string[]>();
  const declared = (definition as unknown as { " indexes"(): { indexDescriptor: string; fields: string[] }[] })[" indexes"]();
  for (const { indexDescriptor, fields } of declared) indexes.set(indexDescriptor, [...fields, "_creationTime", "_id"]);
  indexes.set("by_creation_time", ["_creationTime", "_id"]);
  indexes.set("by_id", ["_id"]);
  indexFields.set(table, indexes);
}

export function fieldsOf(table: string, index: string): string[] {
  const fields = indexFields.get(table)?.get(index);
  if (!fields) throw new Error(`no index ${table}.${index} in the schema`);
  return fields;
}

export function tables(): string[] {
  return [...indexFields.keys()];
}

/** The key a document has in each index of its table. */
export function keysOf(table: string, doc: Record<string, unknown>): Map<string, IndexKey> {
  const keys = new Map<string, IndexKey>();
  for (const [index, fields] of indexFields.get(table)!) keys.set(index, fields.map((field) => doc[field]));
  return keys;
}
