import { DEFAULT_MODELS } from "../core/domain/models.ts";

/**
 * The product rules Convex functions share with the rest of the code, re-exported from
 * core/domain so that each is written once (the seed kept its own copies here).
 */
export { PLANS, PLAN_IDS, refillAmount, refillPeriod, type Plan, type PlanId } from "../core/domain/plans.ts";
export { COST_CLASSES, DEFAULT_MODELS } from "../core/domain/models.ts";
export { priceOf, refundFor } from "../core/domain/credits.ts";

/** Model id -> credits per image, the seed's MODEL_CREDITS table derived from the catalog. */
export const MODEL_CREDITS: Readonly<Record<string, number>> = Object.fromEntries(
  DEFAULT_MODELS.map((model) => [model.id, model.creditsPerImage]),
);

/**
 * The janitor's maximum queue age. The bots read MAX_QUEUE_AGE_MS from their own config; the
 * deployment's cron reads the same variable from the Convex environment, with the same default.
 */
const DEFAULT_MAX_QUEUE_AGE_MS = 30 * 60_000;
export function maxQueueAgeMs(): number {
  const raw = Number(process.env.MAX_QUEUE_AGE_MS);
  return Number.isInteger(raw) && raw >= 10_000 ? raw : DEFAULT_MAX_QUEUE_AGE_MS;
}
