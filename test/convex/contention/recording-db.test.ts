// The contention check is only as good as its recorder: these pin Convex's OCC rules on it.
/* eslint-disable @typescript-eslint/no-explicit-any -- wraps Convex's query chain and ctx generically: its types cannot be named across tables */
import { expect, test } from "vitest";
import { makeConvex } from "../harness.ts";
import { conflict, type AccessSet } from "./access-sets.ts";
import { recordingCtx } from "./recording-db.ts";

const t = makeConvex();
const run = async (label: string, body: (ctx: any) => Promise<unknown>): Promise<AccessSet> => {
  const set: AccessSet = { label, reads: [], writes: [] };
  await t.run((ctx) => body(recordingCtx(ctx, set)));
  return set;
};
const seed = await t.run(async (ctx) => {
  for (const name of ["a", "c", "e"]) await ctx.db.insert("counters", { name, value: 0 });
  return (await ctx.db.query("counters").collect()).map((row) => row._id);
});
const bump = (name: string) => async (ctx: any) => {
  const row = await ctx.db.query("counters").withIndex("by_name", (q: any) => q.eq("name", name)).unique();
  await ctx.db.patch(row._id, { value: row.value + 1 });
};

test("two read-modify-writes of one document conflict, of two documents do not", async () => {
  const [a1, a2, c] = [await run("a1", bump("a")), await run("a2", bump("a")), await run("c", bump("c"))];
  expect(conflict(a1, a2)).toBe(true);
  expect(conflict(a1, c)).toBe(false);
});

test("an insert conflicts with a range read that covers its key, not with one that stops before it", async () => {
  const scanAll = await run("scan", (ctx) => ctx.db.query("counters").withIndex("by_name", (q: any) => q.gte("name", "a")).collect());
  const firstOnly = await run("first", (ctx) => ctx.db.query("counters").withIndex("by_name", (q: any) => q.gte("name", "a")).first());
  const iterateToC = await run("iterate", async (ctx) => {
    for await (const row of ctx.db.query("counters").withIndex("by_name")) if (row.name === "c") break;
  });
  const insertD = await run("insert d", (ctx) => ctx.db.insert("counters", { name: "d", value: 0 }));
  expect(conflict(scanAll, insertD)).toBe(true);
  expect(conflict(firstOnly, insertD)).toBe(false);
  expect(conflict(iterateToC, insertD)).toBe(false);
  const insertB = await run("insert b", (ctx) => ctx.db.insert("counters", { name: "b", value: 0 }));
  expect(conflict(iterateToC, insertB)).toBe(true);
});

test("a document read by id conflicts with its patch and with nothing else", async () => {
  const read = await run("get", (ctx) => ctx.db.get(seed[2]!));
  expect(conflict(read, await run("e", bump("e")))).toBe(true);
  expect(conflict(read, await run("a", bump("a")))).toBe(false);
});
