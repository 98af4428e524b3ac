import { successRate, type UsageDay } from "../domain/usage.ts";

/** The workspace's last 30 days as admins see them in /credits. */
export interface UsageBreakdown {
  /** Images made per model, most used first. */
  models: { model: string; images: number }[];
  creditsCharged: number;
  creditsRefunded: number;
  /** Completed / (completed + failed); null before anything finished. */
  successRate: number | null;
}

/** Folds usage rows; callers decide who may see the result (admins). */
export function usageBreakdown(rows: readonly UsageDay[]): UsageBreakdown {
  const models = new Map<string, number>();
  const totals = { completed: 0, failed: 0, creditsCharged: 0, creditsRefunded: 0 };
  for (const row of rows) {
    for (const [model, images] of Object.entries(row.models)) models.set(model, (models.get(model) ?? 0) + images);
    totals.completed += row.completed;
    totals.failed += row.failed;
    totals.creditsCharged += row.creditsCharged;
    totals.creditsRefunded += row.creditsRefunded;
  }
  return {
    models: [...models].map(([model, images]) => ({ model, images })).sort((a, b) => b.images - a.images),
    creditsCharged: totals.creditsCharged,
    creditsRefunded: totals.creditsRefunded,
    successRate: successRate(totals),
  };
}
