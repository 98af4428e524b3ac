import type { SqliteContext } from "./sqlite-context.ts";

export type CounterName = "jobs_dequeued" | "workspaces_served";

/** Adds `delta` to a store-wide counter and returns the new value; inside the caller's transaction. */
export function bumpCounter(ctx: SqliteContext, name: CounterName, delta: number): number {
  return ctx.sql("UPDATE counters SET value = value + ? WHERE name = ? RETURNING value").pluck().get(delta, name) as number;
}

export function readCounter(ctx: SqliteContext, name: CounterName): number {
  return ctx.sql("SELECT value FROM counters WHERE name = ?").pluck().get(name) as number;
}

/**
 * A claim's tallies in one statement: jobs_dequeued and workspaces_served each grow by the jobs
 * leased. Answers workspaces_served's new value (the batch's last round).
 */
export function countLeases(ctx: SqliteContext, leased: number): number {
  const rows = ctx
    .sql("UPDATE counters SET value = value + ? WHERE name IN ('jobs_dequeued', 'workspaces_served') RETURNING name, value")
    .raw()
    .all(leased) as [CounterName, number][];
  return rows.find(([name]) => name === "workspaces_served")![1];
}
