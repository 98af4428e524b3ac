import type { UsageDelta } from "../../domain/rules/effects.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export type { UsageDelta };

/**
 * Adds `delta` to the (workspace, user, date) usage row, creating it at zero first. Runs inside
 * the caller's transaction, so counters move together with the job transition they count.
 */
export function bumpUsage(ctx: SqliteContext, workspaceId: string, userId: string, date: string, delta: UsageDelta): void {
  const model = delta.model && delta.model.images > 0 ? delta.model : null;
  ctx
    .sql(
      `INSERT INTO usage (workspace_id, user_id, date, requested, completed, failed, cancelled, images,
         credits_charged, credits_refunded, storage_bytes, api_requests, provider_cost_usd, models)
       VALUES (@workspaceId, @userId, @date, @requested, @completed, @failed, @cancelled, @images,
         @creditsCharged, @creditsRefunded, @storageBytes, @apiRequests, @providerCostUsd,
         CASE WHEN @modelId IS NULL THEN '{}' ELSE json_object(@modelId, CAST(@modelImages AS INTEGER)) END)
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
         provider_cost_usd = provider_cost_usd + excluded.provider_cost_usd,
         models = CASE WHEN @modelId IS NULL THEN models ELSE json_patch(models, json_object(@modelId,
           coalesce((SELECT value FROM json_each(usage.models) WHERE key = @modelId), 0) + CAST(@modelImages AS INTEGER))) END`,
    )
    .run({
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
      modelId: model?.id ?? null,
      modelImages: model?.images ?? 0,
    });
}
