import type { UsageDay } from "../usage.ts";

/**
 * Net credits spent: charged minus refunded. The one definition behind the daily cap
 * (admission), /credits, the usage chart and the admin views; refunds are booked on the day
 * their job was charged (rules/refund.ts), so a day's net stays exact across midnight.
 */
export function netSpend(day: Pick<UsageDay, "creditsCharged" | "creditsRefunded"> | null | undefined): number {
  return day ? day.creditsCharged - day.creditsRefunded : 0;
}

/** What people read about usage over a span: counts and net credits spent. */
export interface UsageTotals {
  requested: number;
  completed: number;
  failed: number;
  images: number;
  creditsSpent: number;
}

type Counted = Pick<UsageDay, "requested" | "completed" | "failed" | "images" | "creditsCharged" | "creditsRefunded">;

/** Sums usage rows (a member's days, a workspace's month). */
export function rollUp(rows: readonly Counted[]): UsageTotals {
  const t: UsageTotals = { requested: 0, completed: 0, failed: 0, images: 0, creditsSpent: 0 };
  for (const r of rows) {
    t.requested += r.requested;
    t.completed += r.completed;
    t.failed += r.failed;
    t.images += r.images;
    t.creditsSpent += netSpend(r);
  }
  return t;
}

/** Sums every member's rows per UTC day, in the order days first appear. */
export function rollUpByDay(rows: readonly (Counted & Pick<UsageDay, "date">)[]): Map<string, UsageTotals> {
  const byDay = new Map<string, (Counted & Pick<UsageDay, "date">)[]>();
  for (const row of rows) byDay.set(row.date, [...(byDay.get(row.date) ?? []), row]);
  return new Map([...byDay].map(([date, dayRows]) => [date, rollUp(dayRows)]));
}
