import { decideLink, decideNewCode, decideUnlink, linkRejections, type LinkSide } from "../../domain/rules/link.ts";
import { err, ok } from "../../domain/result.ts";
import type { Platform } from "../../domain/workspace.ts";
import type { LinkCode, WorkspaceLink } from "../../domain/workspace-link.ts";
import type { LinkStore } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import type { SqliteContext } from "./sqlite-context.ts";

interface LinkRow {
  id: string;
  owner_workspace_id: string;
  joiner_workspace_id: string;
  joiner_label: string;
  contributed: number;
  joiner_net: number;
  linked_at: number;
  unlinked_at: number | null;
  owner_kept: number | null;
  joiner_kept: number | null;
}

const toLink = (row: LinkRow): WorkspaceLink => ({
  id: row.id,
  ownerWorkspaceId: row.owner_workspace_id,
  joinerWorkspaceId: row.joiner_workspace_id,
  joinerLabel: row.joiner_label,
  contributed: row.contributed,
  joinerNet: row.joiner_net,
  linkedAt: row.linked_at,
  unlinkedAt: row.unlinked_at,
  ownerKept: row.owner_kept,
  joinerKept: row.joiner_kept,
});

/** Workspace links on SQLite; each write is one IMMEDIATE transaction, the rules are rules/link.ts. */
export function createLinkStore(ctx: SqliteContext): LinkStore {
  const activeRow = (workspaceId: string) =>
    ctx
      .sql("SELECT * FROM workspace_links WHERE (owner_workspace_id = @id OR joiner_workspace_id = @id) AND unlinked_at IS NULL")
      .get({ id: workspaceId }) as LinkRow | undefined;
  const side = (workspaceId: string): LinkSide | null =>
    (ctx.sql("SELECT id, platform, name, balance FROM workspaces WHERE id = ?").get(workspaceId) as
      | { id: string; platform: Platform; name: string; balance: number }
      | undefined) ?? null;

  const createCode = ctx.write((input: { codeHash: string; workspaceId: string; expiresAt: number; now: number }) => {
    const refused = decideNewCode(activeRow(input.workspaceId) !== undefined);
    if (refused) return err(refused);
    const code: LinkCode = { codeHash: input.codeHash, workspaceId: input.workspaceId, createdAt: input.now, expiresAt: input.expiresAt, usedAt: null };
    ctx
      .sql("INSERT INTO link_codes (code_hash, workspace_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .run(code.codeHash, code.workspaceId, code.createdAt, code.expiresAt);
    return ok(code);
  });

  // The IMMEDIATE lock is taken before the code is read, so two redemptions of one code run one after the other.
  const redeem = ctx.write((input: { codeHash: string; workspaceId: string; linkId: string; now: number }) => {
    const codeRow = ctx.sql("SELECT * FROM link_codes WHERE code_hash = ?").get(input.codeHash) as
      | { code_hash: string; workspace_id: string; created_at: number; expires_at: number; used_at: number | null }
      | undefined;
    const joiner = side(input.workspaceId);
    if (!joiner) throw new Error(`workspace ${input.workspaceId} does not exist`);
    const code: LinkCode | null = codeRow
      ? { codeHash: codeRow.code_hash, workspaceId: codeRow.workspace_id, createdAt: codeRow.created_at, expiresAt: codeRow.expires_at, usedAt: codeRow.used_at }
      : null;
    const decided = decideLink(
      {
        code,
        owner: code ? side(code.workspaceId) : null,
        joiner,
        ownerLinked: code ? activeRow(code.workspaceId) !== undefined : false,
        joinerLinked: activeRow(joiner.id) !== undefined,
      },
      { linkId: input.linkId, now: input.now },
    );
    if (!decided.ok) return decided;
    applyEffects(ctx, decided.value.effects);
    return ok(decided.value.link);
  });

  const unlink = ctx.write((input: { workspaceId: string; now: number }) => {
    const row = activeRow(input.workspaceId);
    if (!row) return err(linkRejections.notLinked());
    const owner = side(row.owner_workspace_id)!;
    const joiner = side(row.joiner_workspace_id)!;
    const decided = decideUnlink({ link: toLink(row), owner, joiner }, input.now);
    if (!decided.ok) return decided;
    applyEffects(ctx, decided.value.effects);
    return ok(decided.value.link);
  });

  return {
    createCode: async (input) => createCode(input),
    redeem: async (input) => redeem(input),
    unlink: async (input) => unlink(input),
    active: async (workspaceId) => {
      const row = activeRow(workspaceId);
      return row ? toLink(row) : null;
    },
    list: async () => (ctx.sql("SELECT * FROM workspace_links WHERE unlinked_at IS NULL ORDER BY id").all() as LinkRow[]).map(toLink),
  };
}
