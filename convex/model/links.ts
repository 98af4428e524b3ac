import { decideLink, decideNewCode, decideUnlink, linkRejections, type LinkSide } from "../../core/domain/rules/link.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";
import type { LinkCode, WorkspaceLink } from "../../core/domain/workspace-link.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { byAppId } from "./lookup.ts";

export function toLink(doc: Doc<"workspaceLinks">): WorkspaceLink {
  const { _id, _creationTime, appId, ...fields } = doc;
  return { id: appId, ...fields };
}

/** The workspace's active link as the joiner (its bookings then go to the owner's ledger). */
export async function joinerLinkOf(ctx: QueryCtx, workspaceId: string): Promise<Doc<"workspaceLinks"> | null> {
  return ctx.db
    .query("workspaceLinks")
    .withIndex("by_joiner_active", (q) => q.eq("joinerWorkspaceId", workspaceId).eq("unlinkedAt", null))
    .unique();
}

/** The workspace's active link in either role. */
export async function activeLinkOf(ctx: QueryCtx, workspaceId: string): Promise<Doc<"workspaceLinks"> | null> {
  const asJoiner = await joinerLinkOf(ctx, workspaceId);
  if (asJoiner) return asJoiner;
  return ctx.db
    .query("workspaceLinks")
    .withIndex("by_owner_active", (q) => q.eq("ownerWorkspaceId", workspaceId).eq("unlinkedAt", null))
    .unique();
}

/** The balance a workspace spends from: its pool owner's while it has joined a pool, else its own. */
export async function spendableBalance(ctx: QueryCtx, workspace: Doc<"workspaces">): Promise<number> {
  const link = await joinerLinkOf(ctx, workspace.appId);
  if (!link) return workspace.balance;
  return (await byAppId(ctx, "workspaces", link.ownerWorkspaceId))?.balance ?? 0;
}

const sideOf = (doc: Doc<"workspaces">): LinkSide => ({ id: doc.appId, platform: doc.platform, name: doc.name, balance: doc.balance });

export async function createCode(
  ctx: MutationCtx,
  input: { codeHash: string; workspaceId: string; expiresAt: number; now: number },
): Promise<Result<LinkCode, Rejection>> {
  const refused = decideNewCode((await activeLinkOf(ctx, input.workspaceId)) !== null);
  if (refused) return err(refused);
  const code: LinkCode = { codeHash: input.codeHash, workspaceId: input.workspaceId, createdAt: input.now, expiresAt: input.expiresAt, usedAt: null };
  await ctx.db.insert("linkCodes", { ...code, linkId: null });
  return ok(code);
}

/** One mutation: Convex runs it serializably, so two redemptions of one code make one link (the other finds it used). */
export async function redeem(
  ctx: MutationCtx,
  input: { codeHash: string; workspaceId: string; linkId: string; now: number },
): Promise<Result<WorkspaceLink, Rejection>> {
  const codeDoc = await ctx.db
    .query("linkCodes")
    .withIndex("by_code_hash", (q) => q.eq("codeHash", input.codeHash))
    .unique();
  const joiner = await byAppId(ctx, "workspaces", input.workspaceId);
  if (!joiner) throw new Error(`workspace ${input.workspaceId} does not exist`);
  const owner = codeDoc ? await byAppId(ctx, "workspaces", codeDoc.workspaceId) : null;
  const decided = decideLink(
    {
      code: codeDoc && { codeHash: codeDoc.codeHash, workspaceId: codeDoc.workspaceId, createdAt: codeDoc.createdAt, expiresAt: codeDoc.expiresAt, usedAt: codeDoc.usedAt },
      owner: owner && sideOf(owner),
      joiner: sideOf(joiner),
      ownerLinked: codeDoc ? (await activeLinkOf(ctx, codeDoc.workspaceId)) !== null : false,
      joinerLinked: (await activeLinkOf(ctx, joiner.appId)) !== null,
    },
    { linkId: input.linkId, now: input.now },
  );
  if (!decided.ok) return decided;
  await applyEffects(ctx, decided.value.effects);
  return ok(decided.value.link);
}

export async function unlink(ctx: MutationCtx, input: { workspaceId: string; now: number }): Promise<Result<WorkspaceLink, Rejection>> {
  const link = await activeLinkOf(ctx, input.workspaceId);
  if (!link) return err(linkRejections.notLinked());
  const owner = (await byAppId(ctx, "workspaces", link.ownerWorkspaceId))!;
  const joiner = (await byAppId(ctx, "workspaces", link.joinerWorkspaceId))!;
  const decided = decideUnlink({ link: toLink(link), owner, joiner }, input.now);
  if (!decided.ok) return decided;
  await applyEffects(ctx, decided.value.effects);
  return ok(decided.value.link);
}
