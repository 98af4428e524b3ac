import type { UsageDelta } from "../../domain/rules/effects.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export type { UsageDelta };

/** The counters every bump adds to; `models` is handled apart (see bumpUsage). */
const COUNTERS = `INSERT INTO usage (workspace_id, user_id, date, requested, completed, failed, cancelled, images,
         credits_charged, credits_refunded, storage_bytes, api_requests, provider_cost_usd, models)
       VALUES (@workspaceId, @userId, @date, @requested, @completed, @failed, @cancelled, @images,
         @creditsCharged, @creditsRefunded, @storageBytes, @apiRequests, @providerCostUsd, MODELS_VALUE)
       ON CONFLICT (workspace_id, user_id, date) DO UPDATE SET
         requested = requested + excluded.requested,
         completed = completed + excluded.completed,
         failed = failed + excluded.failed,
         cancelled = cancelled + excluded.cancelled,
         images = images + excluded.images,
         credits_charged = credits_charged + excluded.credits_charged,
         credits_refunded = credits_refunded + excluded.credits_refunded,
         storage_bytes = storage_bytes + excluded.storage_bytes,
         api_requests = api_requests + excluded.api_requests,
         provider_cost_usd = provider_cost_usd + excluded.provider_cost_usd`;

/**
 * Two statements: most bumps (every submit, failures, cancels) carry no model images, and the
 * `models` JSON merge, even when its CASE skips it, made the one shared statement the costliest
 * write of a submit after the job insert.
 */
const WITHOUT_MODEL = COUNTERS.replace("MODELS_VALUE", "'{}'");
const WITH_MODEL = `${COUNTERS.replace("MODELS_VALUE", "json_object(@modelId, CAST(@modelImages AS INTEGER))")},
         models = json_patch(models, json_object(@modelId,
           coalesce((SELECT value FROM json_each(usage.models) WHERE key = @modelId), 0) + CAST(@modelImages AS INTEGER)))`;

/**
 * Adds `delta` to the (workspace, user, date) usage row, creating it at zero first. Runs inside
 * the caller's transaction, so counters move together with the job transition they count.
 */
export function bumpUsage(ctx: SqliteContext, workspaceId: string, userId: string, date: string, delta: UsageDelta): void {
  const model = delta.model && delta.model.images > 0 ? delta.model : null;
  const counters = {
    workspaceId,
    userId,
    date,
    requested: delta.requested ?? 0,
    completed: delta.completed ?? 0,
    failed: delta.failed ?? 0,
    cancelled: delta.cancelled ?? 0,
    images: delta.images ?? 0,
    creditsCharged: delta.creditsCharged ?? 0,
    creditsRefunded: delta.creditsRefunded ?? 0,
    storageBytes: delta.storageBytes ?? 0,
    apiRequests: delta.apiRequests ?? 0,
    providerCostUsd: delta.providerCostUsd ?? 0,
  };
  if (!model) ctx.sql(WITHOUT_MODEL).run(counters);
  else ctx.sql(WITH_MODEL).run({ ...counters, modelId: model.id, modelImages: model.images });
}
