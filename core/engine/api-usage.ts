import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { utcDay, type UsageDay } from "../domain/usage.ts";
import type { Actor } from "./actor.ts";
import { engineOptions, type Engine } from "./engine.ts";

const DAY_MS = 86_400_000;
/** Bounds one response; a year of days is what a yearly report needs. */
export const MAX_USAGE_DAYS = 366;
export const DEFAULT_USAGE_DAYS = 30;

/** A day's counters summed over the members the reader may see. */
export type UsageTotalsDay = Omit<UsageDay, "workspaceId" | "userId">;

/**
 * Daily usage for GET /api/v1/usage: the whole workspace for an admin, the creator's own rows
 * otherwise. Days without activity have no row. `from`/`to` are UTC days; by default the last
 * 30 days up to today.
 */
export async function apiUsage(
  engine: Engine,
  actor: Actor,
  range: { from?: string; to?: string },
): Promise<Result<{ from: string; to: string; days: UsageTotalsDay[] }, Rejection>> {
  const today = utcDay(engineOptions(engine).clock.now());
  const to = range.to ?? today;
  const from = range.from ?? utcDay(Date.parse(to) - (DEFAULT_USAGE_DAYS - 1) * DAY_MS);
  if (from > to) return err(reject("INVALID_REQUEST", `"from" (${from}) is after "to" (${to}).`));
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span > MAX_USAGE_DAYS) return err(reject("INVALID_REQUEST", `Ask for at most ${MAX_USAGE_DAYS} days at a time; this range has ${span}.`));

  const { workspace, user, isAdmin } = await engine.resolve(actor);
  const rows = await engineOptions(engine).store.usage.list({
    workspaceId: workspace.id,
    userId: isAdmin ? undefined : user.id,
    fromDate: from,
    toDate: to,
  });
  const byDate = new Map<string, UsageTotalsDay>();
  for (const row of rows) {
    const day = byDate.get(row.date);
    byDate.set(row.date, day ? add(day, row) : { ...withoutOwner(row), models: { ...row.models } });
  }
  return ok({ from, to, days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)) });
}

function withoutOwner({ workspaceId: _w, userId: _u, ...day }: UsageDay): UsageTotalsDay {
  return day;
}

function add(day: UsageTotalsDay, row: UsageDay): UsageTotalsDay {
  const models = { ...day.models };
  for (const [model, images] of Object.entries(row.models)) models[model] = (models[model] ?? 0) + images;
  return {
    date: day.date,
    requested: day.requested + row.requested,
    completed: day.completed + row.completed,
    failed: day.failed + row.failed,
    cancelled: day.cancelled + row.cancelled,
    images: day.images + row.images,
    creditsCharged: day.creditsCharged + row.creditsCharged,
    creditsRefunded: day.creditsRefunded + row.creditsRefunded,
    storageBytes: day.storageBytes + row.storageBytes,
    apiRequests: day.apiRequests + row.apiRequests,
    providerCostUsd: day.providerCostUsd + row.providerCostUsd,
    models,
  };
}
