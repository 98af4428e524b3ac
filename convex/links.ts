import { v } from "convex/values";
import { createCode, redeem, toLink, activeLinkOf, unlink } from "./model/links.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable } from "./model/validators.ts";
import { vLinkCode, vRejection, vResult, vWorkspaceLink } from "./model/return-validators.ts";

/** Workspace links (LinkStore, #19); the rules are core/domain/rules/link.ts. */

export const createLinkCode = serviceMutation({
  args: { codeHash: v.string(), workspaceId: v.string(), expiresAt: v.number(), now: v.number() },
  returns: vResult(vLinkCode, vRejection),
  handler: (ctx, input) => createCode(ctx, input),
});

export const redeemLinkCode = serviceMutation({
  args: { codeHash: v.string(), workspaceId: v.string(), linkId: v.string(), now: v.number() },
  returns: vResult(vWorkspaceLink, vRejection),
  handler: (ctx, input) => redeem(ctx, input),
});

export const unlinkWorkspace = serviceMutation({
  args: { workspaceId: v.string(), now: v.number() },
  returns: vResult(vWorkspaceLink, vRejection),
  handler: (ctx, input) => unlink(ctx, input),
});

export const active = serviceQuery({
  args: { workspaceId: v.string() },
  returns: nullable(vWorkspaceLink),
  handler: async (ctx, { workspaceId }) => {
    const link = await activeLinkOf(ctx, workspaceId);
    return link ? toLink(link) : null;
  },
});

/** Active links, oldest first (ids are ULIDs). Few rows: one per linked pair. */
export const list = serviceQuery({
  args: {},
  returns: v.array(vWorkspaceLink),
  handler: async (ctx) => {
    const docs = await ctx.db
      .query("workspaceLinks")
      .withIndex("by_unlinked", (q) => q.eq("unlinkedAt", null))
      .collect();
    return docs.map(toLink).sort((a, b) => (a.id < b.id ? -1 : 1));
  },
});
