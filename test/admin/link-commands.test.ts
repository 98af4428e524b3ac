import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/engine/actor.ts";
import type { WorkspaceLink } from "../../core/domain/workspace-link.ts";
import { issueLinkCode, redeemLinkCode } from "../../core/engine/workspace-links.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";

describe("admin: workspace links", () => {
  let h: AdminHarness;
  const slackAdmin: Actor = { platform: "slack", workspaceExternalId: "T9", workspaceName: "Acme", userExternalId: "T9/U1", userName: "ann", platformAdmin: true };
  const discordAdmin = (): Actor => ({ ...h.actor("boss"), platformAdmin: true });

  beforeEach(async () => {
    h = adminHarness();
    const code = await issueLinkCode(h.engine, discordAdmin());
    if (!code.ok) throw new Error(code.error.message);
    const linked = await redeemLinkCode(h.engine, slackAdmin, code.value.code);
    if (!linked.ok) throw new Error(linked.error.message);
    // The Slack side spends 3 of the 10 credits it brought.
    await h.generate({ ...slackAdmin, userExternalId: "T9/U2", platformAdmin: false }, "a kite", { count: 3 });
  });
  afterEach(() => h.cleanup());

  it("links lists each active link with its pool owner, joiner, pool balance and the joiner's net share", async () => {
    const run = await h.admin(["links"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^LINK\s+POOL OWNER\s+JOINER\s+LINKED \(UTC\)\s+POOL\s+JOINER NET$/m);
    expect(run.stdout).toMatch(/lnk_\S+\s+Discord server "Guild guild-1" \(ws_\S+\)\s+Slack workspace "Acme" \(ws_\S+\)\s+2026-11-26 12:00\s+17\s+7/);
    const [link] = await h.adminJson<(WorkspaceLink & { poolBalance: number })[]>("links");
    expect(link).toMatchObject({ contributed: 10, joinerNet: 7, poolBalance: 17, unlinkedAt: null });
  });

  it("workspace says where a linked workspace's credits are", async () => {
    const [link] = await h.store.links.list();
    expect((await h.admin(["workspace", "slack:T9"])).stdout).toMatch(new RegExp(`credit pool\\s+${link!.id}: spends from ${link!.ownerWorkspaceId}'s pool`));
    expect((await h.admin(["workspace", "discord:guild-1"])).stdout).toMatch(new RegExp(`credit pool\\s+${link!.id}: holds the pool shared with ${link!.joinerWorkspaceId}`));
  });

  it("unlink undoes a link by its id with the same split as /unlink, booked balanced on both sides", async () => {
    const [link] = await h.store.links.list();
    const run = await h.admin(["unlink", link!.id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Unlinked ${link!.id}: Discord server "Guild guild-1" keeps 10 credits, Slack workspace "Acme" keeps 7.\n`);
    for (const id of [link!.ownerWorkspaceId, link!.joinerWorkspaceId]) {
      expect(await h.store.credits.ledgerSum(id)).toBe((await h.store.workspaces.get(id))!.balance);
    }
    expect((await h.store.workspaces.get(link!.joinerWorkspaceId))!.balance).toBe(7);
    expect((await h.admin(["links"])).stdout).toBe("No linked workspaces.\n");
    // Undoing it again: nothing to undo, exit code 1, nothing changes.
    const again = await h.admin(["unlink", "slack:T9"]);
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toMatch(/does not share a credit pool/);
  });

  it("unlink by workspace works from either side, and a malformed target is a usage error", async () => {
    expect((await h.admin(["unlink", "slack:T9"])).code).toBe(0);
    expect(await h.store.links.list()).toEqual([]);
    const bad = await h.admin(["unlink", "T9"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a link id \(lnk_\.\.\.\), a workspace id/);
  });
});
