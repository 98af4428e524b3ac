import { PLANS, refillAmount, refillPeriod, type PlanId } from "../plans.ts";
import type { WorkspaceLink } from "../workspace-link.ts";
import type { Effect } from "./effects.ts";
import { unlinkSplit } from "./link.ts";

export interface RefillSnapshot {
  /** `balance` is the balance the workspace spends from: its pool's when it shares one (rules/link.ts). */
  workspace: { id: string; plan: PlanId; balance: number } | null;
  /** The workspace's active link when it shares a pool; absent or null otherwise. */
  link?: Pick<WorkspaceLink, "ownerWorkspaceId" | "joinerNet"> | null;
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
  const link = snapshot.link ?? null;
  // A side of a pool is topped up as if it stood alone: against its own share of the pool, what
  // it would keep were the link ended now (unlinkSplit). So linking never costs either side its
  // monthly allowance, unlinking hands each side what its refills added, and the result does
  // not depend on which side's refill runs first.
  const own = link ? ownShare(link, workspace.id, workspace.balance) : workspace.balance;
  const amount = refillAmount(workspace.plan, own);
  const effects: Effect[] = [{ type: "recordRefill", workspaceId: workspace.id, period, amount, now }];
  if (amount === 0) return effects;
  effects.push({
    type: "book",
    workspaceId: workspace.id,
    kind: "refill",
    amount,
    reason: link
      ? `Monthly refill for ${period}: this side's share of the shared pool topped up to ${PLANS[workspace.plan].monthlyCredits} credits`
      : `Monthly refill for ${period}: topped up to ${PLANS[workspace.plan].monthlyCredits} credits`,
    userId: null,
    jobId: null,
    dedupeKey: `refill:${workspace.id}:${period}`,
    now,
  });
  return effects;
}

/** The part of a pool's balance that is this side's own: what it would keep if the link ended now. */
export function ownShare(link: Pick<WorkspaceLink, "ownerWorkspaceId" | "joinerNet">, workspaceId: string, poolBalance: number): number {
  const split = unlinkSplit(link, poolBalance);
  return workspaceId === link.ownerWorkspaceId ? split.ownerKeeps : split.joinerKeeps;
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
