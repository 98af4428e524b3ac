import { FORGOTTEN_USER_ID } from "../../domain/forgotten-user.ts";
import { forgetRows, refuseJobsInFlight, type ForgetSnapshot } from "../../domain/rules/forget.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import type { ForgetRefusal, ForgetSummary, UserFootprint } from "../../ports/store-admin.ts";
import { applyForgetEffects, rowKey } from "./apply-forget-effects.ts";
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
 * The SQLite half of StoreAdmin.forgetUser, in the caller's write transaction: reads the whole
 * footprint, and core/domain/rules/forget.ts decides what is deleted and what re-pointed.
 * Tables keyed by workspace first are read per workspace the user belongs to (membership is the
 * only way in), through the indexes that lead with the workspace; the others through their user
 * index.
 */
export function forgetUser(ctx: SqliteContext, userId: string, now: number): Result<ForgetSummary, ForgetRefusal> {
  if (userId === FORGOTTEN_USER_ID || !ctx.sql("SELECT 1 FROM users WHERE id = ?").get(userId)) {
    return ok({ identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] });
  }
  const footprint = userFootprint(ctx, userId);
  const refusal = refuseJobsInFlight(footprint);
  if (refusal) return err(refusal);
  const identities = ctx.sql("SELECT id, platform, external_id FROM identities WHERE user_id = ? ORDER BY id").all(userId) as {
    id: string;
    platform: string;
    external_id: string;
  }[];
  const { effects, summary } = forgetRows({ ...readFootprint(ctx, userId, footprint.workspaceIds), identities: identities.map((i) => rowKey(i.id)), user: rowKey(userId), now });
  applyForgetEffects(ctx, effects);
  for (const identity of identities) forgetPlatformTraces(ctx, identity.platform, identity.external_id, now);
  return ok(summary);
}

type Snapshot = Omit<ForgetSnapshot, "now" | "identities" | "user">;

function readFootprint(ctx: SqliteContext, userId: string, workspaceIds: readonly string[]): Snapshot {
  const snapshot: Required<Omit<Snapshot, "userId">> & { userId: string } = {
    userId,
    images: [],
    collections: [],
    apiKeys: [],
    jobs: [],
    ledger: [],
    links: [],
    usage: [],
    collaborations: [],
    members: [],
  };
  for (const workspaceId of workspaceIds) {
    const p = { workspaceId, userId };
    const ids = (query: string) => ctx.sql(query).pluck().all(p) as string[];
    const images = ctx.sql("SELECT id, bytes, storage_key FROM images WHERE workspace_id = @workspaceId AND user_id = @userId").all(p) as {
      id: string;
      bytes: number;
      storage_key: string;
    }[];
    snapshot.images.push(...images.map((image) => ({ key: rowKey(image.id), workspaceId, bytes: image.bytes, storageKey: image.storage_key })));
    // Their links go with them (ON DELETE CASCADE), so the rule is given none to delete first.
    for (const id of ids("SELECT id FROM collections WHERE workspace_id = @workspaceId AND user_id = @userId")) {
      snapshot.collections.push({ key: rowKey(id), linkKeys: [], whole: true });
    }
    snapshot.apiKeys.push(...ids("SELECT id FROM api_keys WHERE workspace_id = @workspaceId AND user_id = @userId").map((id) => rowKey(id)));
    snapshot.jobs.push(...ids("SELECT id FROM generation_jobs WHERE workspace_id = @workspaceId AND user_id = @userId").map((id) => ({ key: rowKey(id), workspaceId })));
    snapshot.ledger.push(...ids("SELECT id FROM ledger WHERE workspace_id = @workspaceId AND user_id = @userId").map((id) => rowKey(workspaceId, id)));
    // Links on the person's own images or in their own collections are deleted with those, not re-pointed.
    const links = ctx
      .sql(
        `SELECT ci.collection_id, ci.image_id FROM collection_images ci JOIN collections c ON c.id = ci.collection_id
         JOIN images i ON i.id = ci.image_id
         WHERE ci.added_by = @userId AND c.workspace_id = @workspaceId AND c.user_id IS NOT @userId AND i.user_id <> @userId`,
      )
      .all(p) as { collection_id: string; image_id: string }[];
    snapshot.links.push(...links.map((link) => rowKey(link.collection_id, link.image_id)));
    const listed = ctx
      .sql(
        `SELECT id, collaborator_user_ids FROM collections
         WHERE workspace_id = @workspaceId AND (user_id IS NOT @userId) AND EXISTS (SELECT 1 FROM json_each(collaborator_user_ids) WHERE value = @userId)`,
      )
      .all(p) as { id: string; collaborator_user_ids: string }[];
    snapshot.collaborations.push(...listed.map((c) => ({ key: rowKey(c.id), userIds: JSON.parse(c.collaborator_user_ids) as string[] })));
  }
  snapshot.members = (ctx.sql("SELECT id FROM members WHERE user_id = ? ORDER BY workspace_id").pluck().all(userId) as string[]).map((id) => rowKey(id));
  const usage = ctx.sql("SELECT * FROM usage WHERE user_id = ?").all(userId) as UsageRow[];
  snapshot.usage = usage.map((row) => ({ key: rowKey(row.workspace_id, row.user_id, row.date), day: toUsageDay(row) }));
  return snapshot;
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
