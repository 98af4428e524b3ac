// @vitest-environment edge-runtime
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { makeConvex, SERVICE_SECRET, type TestConvex } from "./harness.ts";
import { publicFunctions, sampleValue, type PublicFunction } from "./public-functions.ts";

const functions = await publicFunctions();

function call(t: TestConvex, fn: PublicFunction, args: Record<string, unknown>): Promise<unknown> {
  const client = t as unknown as ConvexClientLike;
  if (fn.kind === "query") return client.query(makeFunctionReference<"query">(fn.name), args);
  if (fn.kind === "mutation") return client.mutation(makeFunctionReference<"mutation">(fn.name), args);
  throw new Error(`${fn.name}: the bots call no actions, so none should be public`);
}

/** Every table, so "changed nothing" covers whatever a function could have written. */
async function snapshot(t: TestConvex) {
  const tables = ["users", "identities", "workspaces", "members", "ledger", "refills", "generationJobs", "queues", "counters", "images", "collections", "collectionImages", "apiKeys", "usage", "installations"] as const;
  return t.run(async (ctx) => Object.fromEntries(await Promise.all(tables.map(async (table) => [table, await ctx.db.query(table).collect()]))));
}

describe("public functions", () => {
  test("the bots' API is all there and nothing else is public", () => {
    // Guards the enumeration itself: an empty or shrunken list would make the checks below vacuous.
    expect(functions.length).toBeGreaterThanOrEqual(50);
    expect(functions.map((f) => f.name)).toContain("jobs:submit");
    expect(functions.map((f) => f.name)).not.toContain("jobs:janitor");
    expect(functions.map((f) => f.name)).not.toContain("users:syncFromClerk");
  });

  test.each(functions.map((fn) => [fn.name, fn] as const))("%s refuses a wrong or missing secret", async (_name, fn) => {
    const t = makeConvex();
    const args = sampleValue(fn.args as never) as Record<string, unknown>;
    const before = await snapshot(t);

    const wrong = await call(t, fn, { ...args, secret: "not-the-secret" }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(ConvexError);
    expect((wrong as ConvexError<{ code: string }>).data.code).toBe("UNAUTHORIZED");
    const { secret: _omitted, ...withoutSecret } = args;
    await expect(call(t, fn, withoutSecret)).rejects.toThrow();
    expect(await snapshot(t)).toEqual(before);

    // The same arguments pass with the right secret (or fail for another reason): the refusal above came from the secret check.
    const right = await call(t, fn, { ...args, secret: SERVICE_SECRET }).catch((error: unknown) => error);
    expect(right instanceof ConvexError && (right.data as { code?: string }).code === "UNAUTHORIZED").toBe(false);
  });

  test("an unset PIXORLY_SERVICE_SECRET refuses even an empty secret", async () => {
    const t = makeConvex();
    delete process.env.PIXORLY_SERVICE_SECRET;
    const list = functions.find((f) => f.name === "workspaces:list")!;
    await expect(call(t, list, { secret: "" })).rejects.toThrow(/PIXORLY_SERVICE_SECRET/);
  });
});
