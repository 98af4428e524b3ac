import { newId } from "../../domain/ids.ts";
import { PLANS } from "../../domain/plans.ts";
import { welcomeGrant } from "../../domain/rules/refill.ts";
import type { Member, WorkspaceSettings } from "../../domain/workspace.ts";
import type { ActorRevision, WorkspaceStore } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import { flag, toMember, toUser, toWorkspace, type MemberRow, type UserRow, type WorkspaceRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export function createWorkspaceStore(ctx: SqliteContext): WorkspaceStore {
  const getRow = (id: string) => ctx.sql("SELECT * FROM workspaces WHERE id = ?").get(id) as WorkspaceRow | undefined;
  const findRow = (platform: string, externalId: string) =>
    ctx.sql("SELECT * FROM workspaces WHERE platform = ? AND external_id = ?").get(platform, externalId) as
      | WorkspaceRow
      | undefined;
  const userRow = (id: string) => ctx.sql("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
  const memberRow = (id: string) => ctx.sql("SELECT * FROM members WHERE id = ?").get(id) as MemberRow | undefined;
  const membership = (workspaceId: string, userId: string) =>
    ctx.sql("SELECT * FROM members WHERE workspace_id = ? AND user_id = ?").get(workspaceId, userId) as
      | MemberRow
      | undefined;
  const userByIdentity = (platform: string, externalUserId: string) =>
    ctx
      .sql("SELECT users.* FROM identities JOIN users ON users.id = identities.user_id WHERE platform = ? AND external_id = ?")
      .get(platform, externalUserId) as UserRow | undefined;

  const ensure = ctx.write((input: Parameters<WorkspaceStore["ensure"]>[0]) => {
    const existing = findRow(input.platform, input.externalId);
    if (existing) return toWorkspace(existing);
    const plan = PLANS[input.plan];
    const id = newId("ws", input.now);
    ctx
      .sql(
        `INSERT INTO workspaces (id, platform, external_id, name, plan, balance, storage_quota_bytes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      )
      .run(id, input.platform, input.externalId, input.name, input.plan, plan.storageQuotaBytes, input.now, input.now);
    applyEffects(ctx, welcomeGrant(id, input.plan, input.now));
    return toWorkspace(getRow(id)!);
  });

  const updateSettings = ctx.write((id: string, patch: Partial<WorkspaceSettings>, now: number) => {
    const row = getRow(id);
    if (!row) return null;
    const settings = { ...toWorkspace(row).settings, ...patch };
    ctx.sql("UPDATE workspaces SET settings = ?, updated_at = ? WHERE id = ?").run(JSON.stringify(settings), now, id);
    return toWorkspace(getRow(id)!);
  });

  const ensureMember = ctx.write((input: Parameters<WorkspaceStore["ensureMember"]>[0]) => {
    let user = userByIdentity(input.platform, input.externalUserId);
    if (!user) {
      const userId = newId("usr", input.now);
      ctx
        .sql("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)")
        .run(userId, input.displayName, input.now, input.now);
      ctx
        .sql("INSERT INTO identities (id, platform, external_id, user_id, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(newId("idn", input.now), input.platform, input.externalUserId, userId, input.now);
      user = userRow(userId)!;
    }
    const existing = membership(input.workspaceId, user.id);
    if (!existing) {
      ctx
        .sql("INSERT INTO members (id, workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(newId("mem", input.now), input.workspaceId, user.id, input.role, input.now);
    } else if (input.role === "admin" && existing.role !== "admin") {
      ctx.sql("UPDATE members SET role = 'admin' WHERE id = ?").run(existing.id);
    }
    return { user: toUser(user), member: toMember(membership(input.workspaceId, user.id)!) };
  });

  const updateMember = ctx.write((id: string, patch: Partial<Pick<Member, "role" | "dailyCapOverride" | "banned">>) => {
    const row = memberRow(id);
    if (!row) return null;
    const merged = { ...toMember(row), ...patch };
    ctx
      .sql("UPDATE members SET role = ?, daily_cap_override = ?, banned = ? WHERE id = ?")
      .run(merged.role, merged.dailyCapOverride, flag(merged.banned), id);
    return toMember(memberRow(id)!);
  });

  /** Column updates that return the workspace afterwards, or null when it is unknown. */
  const updateColumns = (id: string, assignments: string, values: unknown[], now: number) => {
    const changed = ctx.sql(`UPDATE workspaces SET ${assignments}, updated_at = ? WHERE id = ?`).run(...values, now, id);
    return changed.changes === 0 ? null : toWorkspace(getRow(id)!);
  };

  // Both ensures run on every command. When nothing needs writing a plain read answers, without
  // the write lock; the write transactions look again before inserting, so racing callers
  // still create one row.
  return {
    ensure: async (input) => {
      const existing = findRow(input.platform, input.externalId);
      return existing ? toWorkspace(existing) : ensure(input);
    },
    get: async (id) => {
      const row = getRow(id);
      return row ? toWorkspace(row) : null;
    },
    findByExternal: async (platform, externalId) => {
      const row = findRow(platform, externalId);
      return row ? toWorkspace(row) : null;
    },
    list: async () => (ctx.sql("SELECT * FROM workspaces ORDER BY id").all() as WorkspaceRow[]).map(toWorkspace),
    updateSettings: async (id, patch, now) => updateSettings(id, patch, now),
    setPlan: async (id, plan, now) =>
      updateColumns(id, "plan = ?, storage_quota_bytes = ?", [plan, PLANS[plan].storageQuotaBytes], now),
    setActive: async (id, active, now) => updateColumns(id, "active = ?", [flag(active)], now),
    ensureMember: async (input) => {
      const user = userByIdentity(input.platform, input.externalUserId);
      const member = user && membership(input.workspaceId, user.id);
      const settled = member && (input.role !== "admin" || member.role === "admin");
      return settled ? { user: toUser(user), member: toMember(member) } : ensureMember(input);
    },
    getMember: async (workspaceId, userId) => {
      const row = membership(workspaceId, userId);
      return row ? toMember(row) : null;
    },
    findUserByIdentity: async (platform, externalUserId) => {
      const row = userByIdentity(platform, externalUserId);
      return row ? toUser(row) : null;
    },
    getUser: async (id) => {
      const row = userRow(id);
      return row ? toUser(row) : null;
    },
    updateMember: async (id, patch) => updateMember(id, patch),
    actorRevision: async (workspaceId) =>
      (ctx
        .sql(
          `SELECT actor_revision AS revision, balance, storage_used_bytes AS storageUsedBytes, updated_at AS updatedAt
           FROM workspaces WHERE id = ?`,
        )
        .get(workspaceId) as ActorRevision | undefined) ?? null,
    listMembers: async (workspaceId) =>
      (ctx.sql("SELECT * FROM members WHERE workspace_id = ? ORDER BY created_at, id").all(workspaceId) as MemberRow[]).map(
        toMember,
      ),
  };
}
