import { PLANS, refillAmount, refillPeriod, type PlanId } from "../plans.ts";
import type { Effect } from "./effects.ts";

export interface RefillSnapshot {
  /** `balance` is the balance the workspace spends from: its pool's when it shares one (rules/link.ts). */
  workspace: { id: string; plan: PlanId; balance: number } | null;
  /** The plan of the other side when the workspace shares a pool; absent or null otherwise. */
  partnerPlan?: PlanId | null;
  /** Whether this workspace's refill for the period was already decided (done or nothing due). */
  alreadyDecided: boolean;
}

/**
 * At most one refill decision per workspace and period, recorded even when nothing was due:
 * otherwise a workspace at its plan amount on the 1st could spend and be topped up again by a
 * second run later that month. The refill tops the balance up to the plan's monthly amount.
 */
export function decideRefill(snapshot: RefillSnapshot, period: string, now: number): Effect[] {
  const { workspace } = snapshot;
  if (!workspace || snapshot.alreadyDecided) return [];
  const partnerPlan = snapshot.partnerPlan ?? null;
  const amount = partnerPlan ? pooledRefillAmount(workspace.plan, partnerPlan, workspace.balance) : refillAmount(workspace.plan, workspace.balance);
  const effects: Effect[] = [{ type: "recordRefill", workspaceId: workspace.id, period, amount, now }];
  if (amount === 0) return effects;
  effects.push({
    type: "book",
    workspaceId: workspace.id,
    kind: "refill",
    amount,
    reason: partnerPlan
      ? `Monthly refill for ${period}: ${workspace.plan} plan's share of the shared pool`
      : `Monthly refill for ${period}: topped up to ${PLANS[workspace.plan].monthlyCredits} credits`,
    userId: null,
    jobId: null,
    dedupeKey: `refill:${workspace.id}:${period}`,
    now,
  });
  return effects;
}

/**
 * Two linked workspaces refill one pool: it is topped up towards the sum of both plans' monthly
 * amounts, each side adding at most its own plan's amount. So linking never costs a team its
 * allowance, and the result does not depend on which side's refill runs first.
 */
export function pooledRefillAmount(plan: PlanId, partnerPlan: PlanId, poolBalance: number): number {
  const own = PLANS[plan].monthlyCredits;
  return Math.min(own, Math.max(0, own + PLANS[partnerPlan].monthlyCredits - poolBalance));
}

/**
 * A new workspace starts with its plan's monthly credits; that grant is this month's
 * allowance, so this period's refill is recorded as decided and does not add another.
 */
export function welcomeGrant(workspaceId: string, plan: PlanId, now: number): Effect[] {
  const credits = PLANS[plan].monthlyCredits;
  return [
    {
      type: "book",
      workspaceId,
      kind: "grant",
      amount: credits,
      reason: `Welcome: ${credits} credits on the ${plan} plan`,
      userId: null,
      jobId: null,
      dedupeKey: null,
      now,
    },
    { type: "recordRefill", workspaceId, period: refillPeriod(new Date(now)), amount: credits, now },
  ];
}
