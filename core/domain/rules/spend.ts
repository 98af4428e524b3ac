import type { UsageDay } from "../usage.ts";

/**
 * Net credits spent: charged minus refunded. The one definition behind the daily cap
 * (admission), /credits, the usage chart and the admin views; refunds are booked on the day
 * their job was charged (rules/refund.ts), so a day's net stays exact across midnight.
 */
export function netSpend(day: Pick<UsageDay, "creditsCharged" | "creditsRefunded"> | null | undefined): number {
  return day ? day.creditsCharged - day.creditsRefunded : 0;
}

/** Net spend summed over many usage rows (a workspace's month, a member's days). */
export function totalNetSpend(days: readonly Pick<UsageDay, "creditsCharged" | "creditsRefunded">[]): number {
  return days.reduce((sum, day) => sum + netSpend(day), 0);
}
