import { describe, expect, it } from "vitest";
import { decideLink, decideUnlink, LINK_CODE_TTL_MS, routeBooking, unlinkSplit, type LinkSnapshot } from "../../../../core/domain/rules/link.ts";
import { decideRefill, ownShare } from "../../../../core/domain/rules/refill.ts";
import type { WorkspaceLink } from "../../../../core/domain/workspace-link.ts";

const T = 1_000_000;
const snapshot = (overrides: Partial<LinkSnapshot> = {}): LinkSnapshot => ({
  code: { codeHash: "h", workspaceId: "ws_owner", createdAt: T, expiresAt: T + LINK_CODE_TTL_MS, usedAt: null },
  owner: { id: "ws_owner", platform: "discord", name: "Guild", balance: 100 },
  joiner: { id: "ws_joiner", platform: "slack", name: "Acme", balance: 30 },
  ownerLinked: false,
  joinerLinked: false,
  ...overrides,
});
const link: WorkspaceLink = {
  id: "lnk_1",
  ownerWorkspaceId: "ws_owner",
  joinerWorkspaceId: "ws_joiner",
  joinerLabel: 'Slack workspace "Acme"',
  contributed: 30,
  joinerNet: 30,
  linkedAt: T,
  unlinkedAt: null,
  ownerKept: null,
  joinerKept: null,
};

describe("rules/link", () => {
  it("linking spends the code, moves the joiner's whole balance with two entries that cancel out, then makes the link active", () => {
    const decided = decideLink(snapshot(), { linkId: "lnk_1", now: T + 1 });
    if (!decided.ok) throw new Error(decided.error.message);
    const { effects } = decided.value;
    expect(effects.map((e) => e.type)).toEqual(["useLinkCode", "book", "book", "insertLink"]);
    const books = effects.filter((e) => e.type === "book");
    expect(books.map((b) => [b.workspaceId, b.amount])).toEqual([["ws_joiner", -30], ["ws_owner", 30]]);
    expect(books.reduce((sum, b) => sum + b.amount, 0)).toBe(0);
    expect(decided.value.link).toMatchObject({ contributed: 30, joinerNet: 30, joinerLabel: 'Slack workspace "Acme"' });
  });

  it.each([
    ["an unknown code", { code: null, owner: null }, "LINK_CODE_UNKNOWN"],
    ["a used code (even once expired)", { code: { ...snapshot().code!, usedAt: T, expiresAt: T } }, "LINK_CODE_USED"],
    ["an expired code, at exactly ten minutes", { code: { ...snapshot().code!, expiresAt: T + 1 } }, "LINK_CODE_EXPIRED"],
    ["the code's own workspace", { joiner: { ...snapshot().owner! } }, "LINK_NOT_ALLOWED"],
    ["a workspace of the same platform", { joiner: { id: "ws_other", platform: "discord" as const, name: "Other", balance: 0 } }, "LINK_NOT_ALLOWED"],
    ["a joiner already linked", { joinerLinked: true }, "ALREADY_LINKED"],
    ["an owner already linked", { ownerLinked: true }, "ALREADY_LINKED"],
  ])("refuses %s", (_what, overrides, code) => {
    expect(decideLink(snapshot(overrides), { linkId: "lnk_1", now: T + 1 })).toMatchObject({ ok: false, error: { code } });
  });

  it("the unlink split: the joiner's net share, floored at 0 and capped at the pool, the owner the rest", () => {
    expect(unlinkSplit({ joinerNet: 12 }, 100)).toEqual({ joinerKeeps: 12, ownerKeeps: 88 });
    expect(unlinkSplit({ joinerNet: -5 }, 100)).toEqual({ joinerKeeps: 0, ownerKeeps: 100 });
    expect(unlinkSplit({ joinerNet: 40 }, 25)).toEqual({ joinerKeeps: 25, ownerKeeps: 0 });
  });

  it("unlinking ends the link before the joiner's share moves back, so the share books on the joiner's own ledger", () => {
    const decided = decideUnlink({ link: { ...link, joinerNet: 12 }, owner: { platform: "discord", name: "Guild", balance: 100 }, joiner: { platform: "slack", name: "Acme" } }, T + 5);
    if (!decided.ok) throw new Error(decided.error.message);
    expect(decided.value.effects.map((e) => e.type)).toEqual(["endLink", "book", "book"]);
    expect(decided.value.link).toMatchObject({ unlinkedAt: T + 5, ownerKept: 88, joinerKept: 12 });
    expect(decideUnlink({ link: null, owner: { platform: "discord", name: "G", balance: 0 }, joiner: { platform: "slack", name: "A" } }, T)).toMatchObject({
      ok: false,
      error: { code: "NOT_LINKED" },
    });
  });

  it("a joiner's bookings route to the pool owner, naming the joiner; others book where they are made", () => {
    expect(routeBooking("ws_joiner", "1 image with local", link)).toEqual({ accountId: "ws_owner", reason: '1 image with local (Slack workspace "Acme")', linkId: "lnk_1" });
    expect(routeBooking("ws_owner", "1 image with local", null)).toEqual({ accountId: "ws_owner", reason: "1 image with local", linkId: null });
  });

  it("a pooled refill tops each side up against its own share of the pool, in either order", () => {
    const pool = { ownerWorkspaceId: "ws_owner", joinerNet: 990 };
    expect(ownShare(pool, "ws_joiner", 1000)).toBe(990);
    expect(ownShare(pool, "ws_owner", 1000)).toBe(10);
    // The joiner overspent its share: it stands at 0, and so is topped up like an empty workspace.
    expect(ownShare({ ownerWorkspaceId: "ws_owner", joinerNet: -40 }, "ws_joiner", 300)).toBe(0);
    const refill = (id: string, plan: "FREE" | "PRO", balance: number) =>
      decideRefill({ workspace: { id, plan, balance }, link: pool, alreadyDecided: false }, "2026-12", 0).find((e) => e.type === "book");
    expect(refill("ws_owner", "FREE", 1000)).toBeUndefined(); // its share is 10, FREE's amount
    expect(refill("ws_owner", "FREE", 990)).toMatchObject({ amount: 10 }); // its share is 0
    expect(refill("ws_joiner", "PRO", 1000)).toBeUndefined(); // its share, 990, is above PRO's 500
    expect(refill("ws_joiner", "PRO", 300)).toMatchObject({ amount: 200 }); // its share is the whole 300
  });
});
