import { imagesOfCompletion } from "../../domain/image.ts";
import type { Job } from "../../domain/job.ts";
import type { Effect, JobPatch } from "../../domain/rules/effects.ts";
import { unhandledEffect } from "../../domain/rules/effects.ts";
import { checkMove } from "../../domain/rules/job-moves.ts";
import { appendLedgerEntry } from "./append-ledger-entry.ts";
import { bumpUsage } from "./bump-usage.ts";
import { ensureChannelCollection } from "./channel-collection.ts";
import { movePending } from "./move-pending.ts";
import { insertJob } from "./insert-job.ts";
import { flag, toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * Writes what a rule decided (core/domain/rules), in the caller's IMMEDIATE transaction and in
 * list order. Nothing here decides: a refused booking or an illegal move means the rule and
 * the snapshot disagree, which throws and rolls the whole transaction back.
 */
export function applyEffects(ctx: SqliteContext, effects: readonly Effect[]): void {
  for (const effect of effects) applyEffect(ctx, effect);
}

/** One effect of applyEffects; submit applies its own list one by one to keep what the insert returns. */
export function applyEffect(ctx: SqliteContext, effect: Effect): void {
  switch (effect.type) {
    case "book": {
      const booked = appendLedgerEntry(ctx, effect);
      if (!booked.ok) throw new Error(`ledger refused ${effect.dedupeKey ?? effect.kind}: ${booked.error.message}`);
      return;
    }
    case "usage":
      return bumpUsage(ctx, effect.workspaceId, effect.userId, effect.date, effect.delta);
    case "insertJob":
      insertJob(ctx, effect.job);
      return;
    case "moveJob": {
      checkMove(effect.jobId, effect.from, effect.to);
      const { sets, params } = patchColumns(effect.patch);
      const moved = ctx
        .sql(`UPDATE generation_jobs SET status = @to${sets} WHERE id = @jobId AND status = @from`)
        .run({ ...params, to: effect.to, from: effect.from, jobId: effect.jobId });
      if (moved.changes !== 1) throw new Error(`job ${effect.jobId} is no longer ${effect.from}`);
      if (effect.from === "pending" && effect.to !== "pending") movePending(ctx, effect.workspaceId, -1);
      if (effect.to === "pending" && effect.from !== "pending") movePending(ctx, effect.workspaceId, 1);
      return;
    }
    case "insertImages": {
      const insert = ctx.sql(
        `INSERT INTO images (id, job_id, workspace_id, user_id, idx, storage_key, url, content_type, width, height, bytes,
           prompt, model, seed, aspect_ratio, private, created_at)
         VALUES (@id, @jobId, @workspaceId, @userId, @index, @storageKey, @url, @contentType, @width, @height, @bytes,
           @prompt, @model, @seed, @aspectRatio, @private, @createdAt)`,
      );
      for (const image of imagesOfCompletion(effect.job, effect.images, effect.now)) insert.run({ ...image, private: flag(image.private) });
      return;
    }
    case "storage":
      ctx.sql("UPDATE workspaces SET storage_used_bytes = max(0, storage_used_bytes + ?) WHERE id = ?").run(effect.bytes, effect.workspaceId);
      ctx.sql("UPDATE users SET storage_used_bytes = max(0, storage_used_bytes + ?) WHERE id = ?").run(effect.bytes, effect.userId);
      return;
    case "clearInputImage":
      ctx.sql("UPDATE generation_jobs SET input_image_key = NULL WHERE id = ?").run(effect.jobId);
      return;
    case "fileInChannel": {
      const { workspaceId, channelKey, now } = effect;
      const collectionId = ensureChannelCollection(ctx, { workspaceId, channelKey, name: channelKey, now });
      const link = ctx.sql("INSERT OR IGNORE INTO collection_images (collection_id, image_id, added_at, added_by) VALUES (?, ?, ?, ?)");
      for (const imageId of effect.imageIds) link.run(collectionId, imageId, now, effect.addedBy);
      ctx.sql("UPDATE collections SET updated_at = ? WHERE id = ?").run(now, collectionId);
      return;
    }
    case "recordRefill":
      ctx
        .sql("INSERT INTO refills (workspace_id, period, amount, created_at) VALUES (?, ?, ?, ?)")
        .run(effect.workspaceId, effect.period, effect.amount, effect.now);
      return;
    case "queueDelivery":
      ctx
        .sql("INSERT INTO delivery_outbox (job_id, platform, created_at, available_at) VALUES (?, ?, ?, ?)")
        .run(effect.jobId, effect.platform, effect.now, effect.availableAt);
      return;
    case "useLinkCode":
      ctx.sql("UPDATE link_codes SET used_at = ?, link_id = ? WHERE code_hash = ?").run(effect.now, effect.linkId, effect.codeHash);
      return;
    case "insertLink":
      ctx
        .sql(
          `INSERT INTO workspace_links (id, owner_workspace_id, joiner_workspace_id, joiner_label, contributed, joiner_net, linked_at)
           VALUES (@id, @ownerWorkspaceId, @joinerWorkspaceId, @joinerLabel, @contributed, @joinerNet, @linkedAt)`,
        )
        .run(effect.link);
      return;
    case "endLink": {
      const ended = ctx
        .sql("UPDATE workspace_links SET unlinked_at = ?, owner_kept = ?, joiner_kept = ? WHERE id = ? AND unlinked_at IS NULL")
        .run(effect.now, effect.ownerKept, effect.joinerKept, effect.linkId);
      if (ended.changes !== 1) throw new Error(`link ${effect.linkId} is no longer active`);
      return;
    }
    default:
      return unhandledEffect(effect);
  }
}

/**
 * Writes a rule's single job move (a claim's lease) with one statement that answers the moved
 * row, so the caller needs no read before or after. Unlike applyEffects it leaves the queue
 * tallies (movePending) to the caller, which writes them once for a whole batch.
 */
export function applyMoveReturning(ctx: SqliteContext, effects: readonly Effect[]): Job {
  const [effect] = effects;
  if (effects.length !== 1 || effect?.type !== "moveJob") throw new Error("expected exactly one job move");
  checkMove(effect.jobId, effect.from, effect.to);
  const { sets, params } = patchColumns(effect.patch);
  const row = ctx
    .sql(`UPDATE generation_jobs SET status = @to${sets} WHERE id = @jobId AND status = @from RETURNING *`)
    .get({ ...params, to: effect.to, from: effect.from, jobId: effect.jobId }) as JobRow | undefined;
  if (!row) throw new Error(`job ${effect.jobId} is no longer ${effect.from}`);
  return toJob(row);
}

const JOB_COLUMNS: { [K in keyof Required<JobPatch>]: string } = {
  attempts: "attempts",
  leaseOwner: "lease_owner",
  leaseExpiresAt: "lease_expires_at",
  nextRunAt: "next_run_at",
  errorCode: "error_code",
  errorMessage: "error_message",
  creditsRefunded: "credits_refunded",
  startedAt: "started_at",
  finishedAt: "finished_at",
  providerMs: "provider_ms",
  uploadMs: "upload_ms",
  providerCostUsd: "provider_cost_usd",
};

/** ", col = @field" for each field the patch sets, in a fixed order so statements are reused. */
function patchColumns(patch: JobPatch): { sets: string; params: Record<string, unknown> } {
  let sets = "";
  const params: Record<string, unknown> = {};
  for (const field of Object.keys(JOB_COLUMNS) as (keyof JobPatch)[]) {
    if (!(field in patch)) continue;
    sets += `, ${JOB_COLUMNS[field]} = @${field}`;
    params[field] = patch[field];
  }
  return { sets, params };
}
