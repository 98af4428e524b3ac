import { PLANS, refillAmount, refillPeriod, type PlanId } from "../plans.ts";
import type { Effect } from "./effects.ts";

export interface RefillSnapshot {
  workspace: { id: string; plan: PlanId; balance: number } | null;
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
  const amount = refillAmount(workspace.plan, workspace.balance);
  const effects: Effect[] = [{ type: "recordRefill", workspaceId: workspace.id, period, amount, now }];
  if (amount === 0) return effects;
  effects.push({
    type: "book",
    workspaceId: workspace.id,
    kind: "refill",
    amount,
    reason: `Monthly refill for ${period}: topped up to ${PLANS[workspace.plan].monthlyCredits} credits`,
    userId: null,
    jobId: null,
    dedupeKey: `refill:${workspace.id}:${period}`,
    now,
  });
  return effects;
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
