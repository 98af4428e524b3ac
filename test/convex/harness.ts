/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import { getFunctionName } from "convex/server";
import schema from "../../convex/schema.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";

/** Every Convex module, for convex-test (it finds the functions root through _generated). */
export const modules = import.meta.glob(["../../convex/**/*.ts", "../../convex/_generated/*.js", "!../../convex/**/*.d.ts"]);

export const SERVICE_SECRET = "test-service-secret-0123456789";

type Limits = Parameters<typeof convexTest>[0] extends infer O ? (O extends { transactionLimits?: infer L } ? L : never) : never;

/** A fresh in-memory deployment with the service secret set, as the bots' deployment has it. */
export function makeConvex(transactionLimits?: Limits) {
  process.env.PIXORLY_SERVICE_SECRET = SERVICE_SECRET;
  return convexTest({ schema, modules, transactionLimits });
}

export type TestConvex = ReturnType<typeof makeConvex>;

/** The Store adapter on a convex-test deployment, exactly as production builds it on ConvexHttpClient. */
export function makeConvexStore(t: TestConvex = makeConvex()) {
  return createConvexStore({ client: t as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET });
}

/**
 * A convex-test deployment behind a client that records the name of every function called
 * through it (`t` itself goes uncounted), for tests that pin how many calls something costs.
 */
export function countingConvex(transactionLimits?: Limits) {
  const t = makeConvex(transactionLimits) as unknown as ConvexClientLike;
  const calls: string[] = [];
  const client: ConvexClientLike = {
    query: (ref, args) => (calls.push(getFunctionName(ref)), t.query(ref, args)),
    mutation: (ref, args) => (calls.push(getFunctionName(ref)), t.mutation(ref, args)),
  };
  return { t, client, calls };
}
