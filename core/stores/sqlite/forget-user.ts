import { FORGOTTEN_DISPLAY_NAME, FORGOTTEN_USER_ID } from "../../domain/forgotten-user.ts";
import { FORGOTTEN_JOB, mergeUsageIntoTombstone, refuseJobsInFlight } from "../../domain/rules/forget.ts";
import { newId } from "../../domain/ids.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import type { ForgetRefusal, ForgetSummary, UserFootprint } from "../../ports/store-admin.ts";
import { applyEffects } from "./apply-effects.ts";
import { toUsageDay, type UsageRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

const workspacesOf = (ctx: SqliteContext, userId: string) =>
  ctx.sql("SELECT workspace_id FROM members WHERE user_id = ? ORDER BY workspace_id").pluck().all(userId) as string[];

export function userFootprint(ctx: SqliteContext, userId: string): UserFootprint {
  const workspaceIds = workspacesOf(ctx, userId);
  const jobs = (status: string) =>
    workspaceIds.flatMap(
      (workspaceId) =>
        ctx
          .sql("SELECT id FROM generation_jobs WHERE workspace_id = ? AND user_id = ? AND status = ? ORDER BY seq")
          .pluck()
          .all(workspaceId, userId, status) as string[],
    );
  return { workspaceIds, pendingJobIds: jobs("pending"), processingJobIds: jobs("processing") };
}

/**
 * The SQLite half of StoreAdmin.forgetUser, in the caller's write transaction; what is deleted
 * and what re-pointed is core/domain/rules/forget.ts. Tables keyed by
 * workspace first are handled per workspace the user belongs to (membership is the only way
 * in), through the indexes that lead with the workspace; the others through their user index.
 */
export function forgetUser(ctx: SqliteContext, userId: string, now: number): Result<ForgetSummary, ForgetRefusal> {
  const summary: ForgetSummary = { identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] };
  if (userId === FORGOTTEN_USER_ID || !ctx.sql("SELECT 1 FROM users WHERE id = ?").get(userId)) return ok(summary);
  const footprint = userFootprint(ctx, userId);
  const refusal = refuseJobsInFlight(footprint);
  if (refusal) return err(refusal);
  // The tombstone user, which jobs and usage rows of forgotten people point at.
  ctx
    .sql("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
    .run(FORGOTTEN_USER_ID, FORGOTTEN_DISPLAY_NAME, now, now);
  for (const workspaceId of footprint.workspaceIds) forgetInWorkspace(ctx, summary, { workspaceId, userId, now });

  summary.usageDays = mergeUsage(ctx, userId);
  summary.memberships = ctx.sql("DELETE FROM members WHERE user_id = ?").run(userId).changes;
  const identities = ctx.sql("DELETE FROM identities WHERE user_id = ? RETURNING platform, external_id").all(userId) as {
    platform: string;
    external_id: string;
  }[];
  for (const identity of identities) forgetPlatformTraces(ctx, identity.platform, identity.external_id, now);
  summary.identities = identities.length;
  ctx.sql("DELETE FROM users WHERE id = ?").run(userId);
  return ok(summary);
}

function forgetInWorkspace(ctx: SqliteContext, summary: ForgetSummary, p: { workspaceId: string; userId: string; now: number }): void {
  // Collection links go with the images and collections (ON DELETE CASCADE).
  const images = ctx.sql("DELETE FROM images WHERE workspace_id = @workspaceId AND user_id = @userId RETURNING storage_key, bytes").all(p) as {
    storage_key: string;
    bytes: number;
  }[];
  const bytes = images.reduce((sum, image) => sum + image.bytes, 0);
  applyEffects(ctx, [{ type: "storage", workspaceId: p.workspaceId, userId: p.userId, bytes: -bytes, now: p.now }]);
  summary.images += images.length;
  summary.storageKeys.push(...images.map((image) => image.storage_key));
  summary.collections += ctx.sql("DELETE FROM collections WHERE workspace_id = @workspaceId AND user_id = @userId").run(p).changes;
  summary.apiKeys += ctx.sql("DELETE FROM api_keys WHERE workspace_id = @workspaceId AND user_id = @userId").run(p).changes;

  const forgotten = { ...p, forgotten: FORGOTTEN_USER_ID };
  ctx
    .sql(
      `UPDATE collection_images SET added_by = @forgotten
       WHERE added_by = @userId AND collection_id IN (SELECT id FROM collections WHERE workspace_id = @workspaceId)`,
    )
    .run(forgotten);
  ctx
    .sql(
      `UPDATE collections SET collaborator_user_ids =
         (SELECT json_group_array(value) FROM json_each(collaborator_user_ids) WHERE value <> @userId)
       WHERE workspace_id = @workspaceId AND EXISTS (SELECT 1 FROM json_each(collaborator_user_ids) WHERE value = @userId)`,
    )
    .run(p);
  ctx.sql("UPDATE ledger SET user_id = @forgotten WHERE workspace_id = @workspaceId AND user_id = @userId").run(forgotten);
  if (!ctx.sql("SELECT 1 FROM generation_jobs WHERE workspace_id = @workspaceId AND user_id = @userId LIMIT 1").get(p)) return;
  summary.jobs += ctx
    .sql(
      `UPDATE generation_jobs SET user_id = @to, member_id = @member, prompt = @prompt, negative_prompt = @negativePrompt,
         reply_target = @replyTarget
       WHERE workspace_id = @workspaceId AND user_id = @userId`,
    )
    .run({ ...p, to: FORGOTTEN_JOB.userId, prompt: FORGOTTEN_JOB.prompt, negativePrompt: FORGOTTEN_JOB.negativePrompt, replyTarget: null, member: tombstoneMember(ctx, p.workspaceId, p.now) }).changes;
}

/** The tombstone's membership of a workspace, created when a forgotten person's job there first needs it. */
function tombstoneMember(ctx: SqliteContext, workspaceId: string, now: number): string {
  const found = ctx.sql("SELECT id FROM members WHERE workspace_id = ? AND user_id = ?").pluck().get(workspaceId, FORGOTTEN_USER_ID) as string | undefined;
  if (found) return found;
  const id = newId("mem", now);
  ctx
    .sql("INSERT INTO members (id, workspace_id, user_id, role, created_at) VALUES (?, ?, ?, 'member', ?)")
    .run(id, workspaceId, FORGOTTEN_USER_ID, now);
  return id;
}

/** Moves the user's daily rows onto the tombstone's (rules/forget.ts). */
function mergeUsage(ctx: SqliteContext, userId: string): number {
  const rows = ctx.sql("DELETE FROM usage WHERE user_id = ? RETURNING *").all(userId) as UsageRow[];
  applyEffects(ctx, mergeUsageIntoTombstone(rows.map(toUsageDay)));
  return rows.length;
}

/**
 * What other tables say about the platform account itself: a Clerk user's own workspace is
 * named after them (closed as the Clerk deletion does, convex/model/clerkUsers.ts), and an
 * installation records who installed it by the platform's own user id, which for Slack is the
 * part after the team in our "T01/U02" form (bots/slack/slack-invoker.ts).
 */
function forgetPlatformTraces(ctx: SqliteContext, platform: string, externalId: string, now: number): void {
  if (platform === "clerk") {
    ctx.sql("UPDATE workspaces SET name = 'deleted user', active = 0, updated_at = ? WHERE platform = 'clerk' AND external_id = ?").run(now, externalId);
  }
  ctx
    .sql(
      `UPDATE installations SET installed_by_user_id = NULL
       WHERE platform = @platform AND (installed_by_user_id = @externalId OR coalesce(team_id, '-') || '/' || installed_by_user_id = @externalId)`,
    )
    .run({ platform, externalId });
}
