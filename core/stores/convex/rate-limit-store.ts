import { api } from "../../../convex/_generated/api.js";
import type { RateLimitStore } from "../../ports/rate-limit-store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

/** One mutation per request, on the key's own row (convex/rateLimits.ts). */
export function createConvexRateLimitStore(convex: ServiceCaller): RateLimitStore {
  return {
    take: (key, perMinute, now) => convex.mutation(api.rateLimits.take, { key, perMinute, now }),
  };
}
