/** Plans from the seed document; the per-member caps bound what one person can hold in the queue. */
export const PLAN_IDS = ["FREE", "PRO", "ENTERPRISE"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface Plan {
  id: PlanId;
  /** Credits the monthly refill tops the balance up to. */
  monthlyCredits: number;
  storageQuotaBytes: number;
  /** Jobs one member may have processing at once. */
  maxRunningPerMember: number;
  /** Jobs one member may have waiting at once. */
  maxQueuedPerMember: number;
}

const GB = 1024 ** 3;

export const PLANS = {
  FREE: { id: "FREE", monthlyCredits: 10, storageQuotaBytes: 1 * GB, maxRunningPerMember: 1, maxQueuedPerMember: 3 },
  PRO: { id: "PRO", monthlyCredits: 500, storageQuotaBytes: 100 * GB, maxRunningPerMember: 3, maxQueuedPerMember: 10 },
  ENTERPRISE: {
    id: "ENTERPRISE",
    monthlyCredits: 2000,
    storageQuotaBytes: 500 * GB,
    maxRunningPerMember: 10,
    maxQueuedPerMember: 50,
  },
} as const satisfies Record<PlanId, Plan>;

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}

/**
 * The monthly refill tops the balance up to the plan's amount; credits granted on top carry
 * over, so a balance already above the plan gets nothing (never a deduction).
 */
export function refillAmount(plan: PlanId, balance: number): number {
  return Math.max(0, PLANS[plan].monthlyCredits - balance);
}

/** The refill period a moment belongs to, e.g. "2026-11"; one refill per workspace per period. */
export function refillPeriod(at: Date): string {
  return at.toISOString().slice(0, 7);
}
