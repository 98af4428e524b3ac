/* eslint-disable @typescript-eslint/no-explicit-any -- wraps Convex's query chain and ctx generically: its types cannot be named across tables */
import type { GenericMutationCtx, GenericDataModel } from "convex/server";
import type { AccessSet, ReadRange } from "./access-sets.ts";
import { keysOf, tables } from "./index-keys.ts";

type Doc = Record<string, unknown> & { _id: string };
// The model layer's own ctx type; any object with `db` is accepted and returned as it came.
type AnyCtx = GenericMutationCtx<GenericDataModel>;

/**
 * A test-only seam: the same ctx with its `db` wrapped so that every read (document by id,
 * index range scanned) and every write (document, with its index keys before and after) is
 * recorded into `set`. The model functions run unchanged on it inside convex-test.
 */
export function recordingCtx<C>(ctx: C, set: AccessSet): C {
  const real = (ctx as unknown as AnyCtx).db;
  const tableOf = (id: string): string => {
    for (const table of tables()) if (real.normalizeId(table as never, id)) return table;
    throw new Error(`id ${id} is in no table`);
  };
  const readId = (table: string, id: string) =>
    set.reads.push({ table, index: "by_id", eq: [id], lower: null, upper: null, order: "asc", stoppedAt: null });

  const write = async (id: string, change: () => Promise<void>, deleted = false) => {
    const table = tableOf(id);
    // Convex reads the document it patches, replaces or deletes.
    readId(table, id);
    const before = (await real.get(id as never)) as Doc | null;
    await change();
    const after = deleted ? null : ((await real.get(id as never)) as Doc | null);
    set.writes.push({ table, id, before: before && keysOf(table, before), after: after && keysOf(table, after) });
  };

  const db = {
    async get(...args: unknown[]) {
      const id = (args.length === 2 ? args[1] : args[0]) as string;
      readId(tableOf(id), id);
      return (real.get as (...a: unknown[]) => Promise<unknown>)(...args);
    },
    query(table: string) {
      return recordingQuery(real.query(table as never), table, set);
    },
    async insert(table: string, value: Record<string, unknown>) {
      const id = (await real.insert(table as never, value as never)) as string;
      const doc = (await real.get(id as never)) as Doc;
      set.writes.push({ table, id, before: null, after: keysOf(table, doc) });
      return id;
    },
    async patch(...args: unknown[]) {
      const [id, value] = (args.length === 3 ? args.slice(1) : args) as [string, Record<string, unknown>];
      await write(id, () => real.patch(id as never, value as never));
    },
    async replace(...args: unknown[]) {
      const [id, value] = (args.length === 3 ? args.slice(1) : args) as [string, Record<string, unknown>];
      await write(id, () => real.replace(id as never, value as never));
    },
    async delete(...args: unknown[]) {
      const id = (args.length === 2 ? args[1] : args[0]) as string;
      await write(id, () => real.delete(id as never), true);
    },
    normalizeId: real.normalizeId.bind(real),
    system: real.system,
  };
  return { ...(ctx as object), db } as C;
}

/** Wraps one query chain; the range is recorded when the query runs, with where the scan stopped. */
function recordingQuery(inner: any, table: string, set: AccessSet): any {
  let range: ReadRange = { table, index: "by_creation_time", eq: [], lower: null, upper: null, order: "asc", stoppedAt: null };
  let filtered = false;
  const finish = (docs: Doc[], exhausted: boolean) => {
    // A filtered scan may have read past the last document it returned: count the whole range.
    const last = docs.at(-1);
    const stoppedAt = exhausted || filtered || !last ? null : keysOf(table, last).get(range.index)!;
    set.reads.push({ ...range, stoppedAt });
  };
  const self: any = {
    withIndex(index: string, build?: (q: any) => any) {
      range = { ...range, index };
      inner = inner.withIndex(index, (q: any) => {
        if (!build) return q;
        let current = q;
        const recorder: any = {
          eq(field: string, value: unknown) {
            current = current.eq(field, value);
            range.eq.push(value);
            return recorder;
          },
        };
        for (const [op, side, inclusive] of [["gt", "lower", false], ["gte", "lower", true], ["lt", "upper", false], ["lte", "upper", true]] as const) {
          recorder[op] = (field: string, value: unknown) => {
            current = current[op](field, value);
            range[side] = { value, inclusive };
            return recorder;
          };
        }
        build(recorder);
        return current;
      });
      return self;
    },
    order(order: "asc" | "desc") {
      range.order = order;
      inner = inner.order(order);
      return self;
    },
    filter(predicate: unknown) {
      filtered = true;
      inner = inner.filter(predicate);
      return self;
    },
    async take(n: number) {
      const docs = (await inner.take(n)) as Doc[];
      finish(docs, docs.length < n);
      return docs;
    },
    async first() {
      const docs = (await inner.take(1)) as Doc[];
      finish(docs, docs.length < 1);
      return docs[0] ?? null;
    },
    async unique() {
      const docs = (await inner.take(2)) as Doc[];
      finish(docs, docs.length < 2);
      if (docs.length > 1) throw new Error(`unique() found more than one ${table}`);
      return docs[0] ?? null;
    },
    async collect() {
      const docs = (await inner.collect()) as Doc[];
      finish(docs, true);
      return docs;
    },
    async paginate(options: unknown) {
      const page = await inner.paginate(options);
      finish(page.page, page.isDone);
      return page;
    },
    [Symbol.asyncIterator]() {
      const iterator = inner[Symbol.asyncIterator]();
      const seen: Doc[] = [];
      let done = false;
      return {
        async next() {
          const step = await iterator.next();
          if (step.done) {
            if (!done) finish(seen, true);
            done = true;
          } else seen.push(step.value);
          return step;
        },
        async return(value?: unknown) {
          if (!done) finish(seen, false);
          done = true;
          await iterator.return?.(value);
          return { done: true, value };
        },
      };
    },
  };
  return self;
}
