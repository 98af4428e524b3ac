import type { MutationCtx, QueryCtx } from "../_generated/server.js";

export type CounterName = "jobsEnqueued" | "jobsDequeued" | "workspacesServed";

export async function readCounter(ctx: QueryCtx, name: CounterName): Promise<number> {
  const row = await ctx.db
    .query("counters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
  return row?.value ?? 0;
}

/** Adds `delta` and returns the new value, inside the caller's transaction (rows are created on first use). */
export async function bumpCounter(ctx: MutationCtx, name: CounterName, delta: number): Promise<number> {
  const row = await ctx.db
    .query("counters")
    .withIndex("by_name", (q) => q.eq("name", name))
    .unique();
  const value = (row?.value ?? 0) + delta;
  if (row) await ctx.db.patch(row._id, { value });
  else await ctx.db.insert("counters", { name, value });
  return value;
}
