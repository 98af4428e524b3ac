import { FORGOTTEN_USER_ID } from "../../domain/forgotten-user.ts";
import { forgetRows, installerIdsOf, refuseJobsInFlight, type ForgetSnapshot } from "../../domain/rules/forget.ts";
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
  const { effects, summary } = forgetRows({ ...readFootprint(ctx, userId, footprint.workspaceIds), ...readAccounts(ctx, userId), user: rowKey(userId), now });
  applyForgetEffects(ctx, effects);
  return ok(summary);
}

type Snapshot = Omit<ForgetSnapshot, "now" | "identities" | "accountWorkspaces" | "installations" | "user">;

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
    const jobs = ctx.sql("SELECT id, input_image_key FROM generation_jobs WHERE workspace_id = @workspaceId AND user_id = @userId").all(p) as {
      id: string;
      input_image_key: string | null;
    }[];
    snapshot.jobs.push(...jobs.map((job) => ({ key: rowKey(job.id), workspaceId, inputImageKey: job.input_image_key })));
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
  // Per membership and per pool the person's workspace ever joined: a linked workspace's member
  // spends from the pool owner's ledger (#19), a workspace they are no member of, and those rows
  // stay there after an unlink. Each read is by (workspace, user), which the ledger's index serves.
  const ledgerWorkspaces = new Set(workspaceIds);
  for (const workspaceId of workspaceIds) {
    for (const owner of ctx.sql("SELECT owner_workspace_id FROM workspace_links WHERE joiner_workspace_id = ?").pluck().all(workspaceId) as string[]) {
      ledgerWorkspaces.add(owner);
    }
  }
  for (const workspaceId of ledgerWorkspaces) {
    const ids = ctx.sql("SELECT id FROM ledger WHERE workspace_id = ? AND user_id = ?").pluck().all(workspaceId, userId) as string[];
    snapshot.ledger.push(...ids.map((id) => rowKey(workspaceId, id)));
  }
  snapshot.members = (ctx.sql("SELECT id FROM members WHERE user_id = ? ORDER BY workspace_id").pluck().all(userId) as string[]).map((id) => rowKey(id));
  const usage = ctx.sql("SELECT * FROM usage WHERE user_id = ?").all(userId) as UsageRow[];
  snapshot.usage = usage.map((row) => ({ key: rowKey(row.workspace_id, row.user_id, row.date), day: toUsageDay(row) }));
  return snapshot;
}

/** The person's platform accounts and what other tables say about them (rules/forget.ts decides what changes). */
function readAccounts(ctx: SqliteContext, userId: string): Pick<ForgetSnapshot, "identities" | "accountWorkspaces" | "installations"> {
  const rows = ctx.sql("SELECT id, platform, external_id FROM identities WHERE user_id = ? ORDER BY id").all(userId) as {
    id: string;
    platform: string;
    external_id: string;
  }[];
  const identities = rows.map((row) => ({ key: rowKey(row.id), platform: row.platform, externalId: row.external_id }));
  const workspace = ctx.sql("SELECT id, platform, external_id FROM workspaces WHERE platform = ? AND external_id = ?");
  const installations = ctx.sql("SELECT id, platform, team_id, installed_by_user_id FROM installations WHERE platform = ? AND installed_by_user_id = ?");
  const snapshot = { identities, accountWorkspaces: [] as NonNullable<ForgetSnapshot["accountWorkspaces"]>, installations: [] as NonNullable<ForgetSnapshot["installations"]> };
  for (const { platform, externalId } of identities) {
    for (const found of workspace.all(platform, externalId) as { id: string; platform: string; external_id: string }[]) {
      snapshot.accountWorkspaces.push({ key: rowKey(found.id), platform: found.platform, externalId: found.external_id });
    }
    for (const installer of installerIdsOf(externalId)) {
      const found = installations.all(platform, installer) as { id: string; platform: string; team_id: string | null; installed_by_user_id: string }[];
      snapshot.installations.push(...found.map((row) => ({ key: rowKey(row.id), platform: row.platform, teamId: row.team_id, installedBy: row.installed_by_user_id })));
    }
  }
  return snapshot;
}
