/** One row per workspace, user and UTC day (the seed's daily usage analytics). */
export interface UsageDay {
  workspaceId: string;
  userId: string;
  /** UTC day, "YYYY-MM-DD". */
  date: string;
  requested: number;
  completed: number;
  failed: number;
  cancelled: number;
  images: number;
  creditsCharged: number;
  creditsRefunded: number;
  storageBytes: number;
  apiRequests: number;
  providerCostUsd: number;
  /** Images made per model id. */
  models: Record<string, number>;
}

/** The usage counters that effects add to (everything but the per-model counts). */
export const USAGE_COUNTED = [
  "requested",
  "completed",
  "failed",
  "cancelled",
  "images",
  "creditsCharged",
  "creditsRefunded",
  "storageBytes",
  "apiRequests",
  "providerCostUsd",
] as const;
export type UsageCounted = (typeof USAGE_COUNTED)[number];

export function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function successRate(day: Pick<UsageDay, "completed" | "failed">): number | null {
  const done = day.completed + day.failed;
  return done === 0 ? null : day.completed / done;
}
