import type { CreditsSummary } from "./credits-summary.ts";
import { renderUsageChart } from "./usage-chart.ts";

/**
 * The admin /credits chart: a PNG of the workspace's credits and images per day over the
 * summary's window, drawn from the rows the summary already read. Null for members (their
 * summary carries no workspace rows), so a front end asks once and attaches what it gets.
 */
export async function creditsChart(summary: CreditsSummary): Promise<Uint8Array | null> {
  if (!summary.isAdmin || !summary.usageRows) return null;
  return renderUsageChart(summary.usageRows, summary.from, summary.to);
}
