import type { ClaimOptions, LeasedJob } from "../../ports/store.ts";
import { claimJobs } from "./claim-jobs.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * jobs.claim's body (one IMMEDIATE transaction): a batch claim of one, with a slot for each of
 * the worker's providers. Fairness (core/domain/rules/claim.ts): each lease stamps its
 * workspace with a store-wide round number rather than the time, so ties cannot happen and
 * "least recently served" is exact.
 */
export function claimJob(ctx: SqliteContext, options: ClaimOptions): LeasedJob | null {
  const slots = Object.fromEntries(options.providers.map((provider) => [provider, 1]));
  return claimJobs(ctx, options, slots, 1)[0] ?? null;
}
