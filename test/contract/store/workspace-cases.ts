import { describe, expect, it } from "vitest";
import { PLANS } from "../../../core/domain/plans.ts";
import { DEFAULT_WORKSPACE_SETTINGS } from "../../../core/domain/workspace.ts";
import { Fixture, T0, type StoreRef } from "./fixtures.ts";

export function workspaceCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  describe("workspaces", () => {
    it("ensure creates one workspace with the plan's grant, however often and concurrently it is called", async () => {
      const { store } = fixture();
      const input = { platform: "slack", externalId: "T-ensure", name: "Team", plan: "FREE", now: T0 } as const;
      const all = await Promise.all(Array.from({ length: 5 }, () => store.workspaces.ensure(input)));
      const again = await store.workspaces.ensure({ ...input, now: T0 + 1_000 });

      expect(new Set([...all, again].map((w) => w.id)).size).toBe(1);
      expect(again).toMatchObject({
        platform: "slack",
        externalId: "T-ensure",
        plan: "FREE",
        balance: PLANS.FREE.monthlyCredits,
        storageUsedBytes: 0,
        storageQuotaBytes: PLANS.FREE.storageQuotaBytes,
        settings: DEFAULT_WORKSPACE_SETTINGS,
        active: true,
      });
      const ledger = await store.credits.list(again.id, 100);
      expect(ledger.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([["grant", 10, 10]]);
      expect(await store.workspaces.findByExternal("slack", "T-ensure")).toEqual(again);
      expect((await store.workspaces.list()).map((w) => w.id)).toContain(again.id);
    });

    it("returns null for unknown workspaces", async () => {
      const { store } = fixture();
      expect(await store.workspaces.get("ws_missing")).toBeNull();
      expect(await store.workspaces.findByExternal("discord", "missing")).toBeNull();
      expect(await store.workspaces.updateSettings("ws_missing", { nsfw: "allow" }, T0)).toBeNull();
      expect(await store.workspaces.setPlan("ws_missing", "PRO", T0)).toBeNull();
      expect(await store.workspaces.setActive("ws_missing", false, T0)).toBeNull();
    });

    it("merges settings patches", async () => {
      const f = fixture();
      const workspace = await f.workspace();
      await f.store.workspaces.updateSettings(workspace.id, { memberDailyCap: 20, allowedModels: ["local"] }, T0 + 1);
      const updated = await f.store.workspaces.updateSettings(workspace.id, { nsfw: "allow" }, T0 + 2);
      expect(updated?.settings).toEqual({ ...DEFAULT_WORKSPACE_SETTINGS, memberDailyCap: 20, allowedModels: ["local"], nsfw: "allow" });
      expect(updated?.updatedAt).toBe(T0 + 2);
    });

    it("changes plan and quota without moving credits, and toggles active", async () => {
      const f = fixture();
      const workspace = await f.workspace("FREE");
      const upgraded = await f.store.workspaces.setPlan(workspace.id, "ENTERPRISE", T0 + 1);
      expect(upgraded).toMatchObject({ plan: "ENTERPRISE", storageQuotaBytes: PLANS.ENTERPRISE.storageQuotaBytes, balance: 10 });
      expect(await f.store.credits.list(workspace.id, 100)).toHaveLength(1);
      expect((await f.store.workspaces.setActive(workspace.id, false, T0 + 2))?.active).toBe(false);
      expect((await f.store.workspaces.get(workspace.id))?.active).toBe(false);
    });
  });

  describe("members", () => {
    it("finds the same user behind one identity, across workspaces", async () => {
      const f = fixture();
      const [a, b] = [await f.workspace(), await f.workspace()];
      const input = { platform: "discord", externalUserId: "u-same", displayName: "Ada", role: "member", now: T0 } as const;
      const first = await f.store.workspaces.ensureMember({ ...input, workspaceId: a.id });
      const second = await f.store.workspaces.ensureMember({ ...input, workspaceId: a.id });
      const elsewhere = await f.store.workspaces.ensureMember({ ...input, workspaceId: b.id });

      expect(second).toEqual(first);
      expect(elsewhere.user.id).toBe(first.user.id);
      expect(elsewhere.member.id).not.toBe(first.member.id);
      expect(first.member).toMatchObject({ workspaceId: a.id, userId: first.user.id, role: "member", banned: false, dailyCapOverride: null });
      expect(await f.store.workspaces.findUserByIdentity("discord", "u-same")).toEqual(first.user);
      expect(await f.store.workspaces.getUser(first.user.id)).toEqual(first.user);
      expect(await f.store.workspaces.getMember(a.id, first.user.id)).toEqual(first.member);
    });

    it("raises a member to admin but never lowers an admin", async () => {
      const f = fixture();
      const workspace = await f.workspace();
      const input = { workspaceId: workspace.id, platform: "discord", externalUserId: "u-role", displayName: null, now: T0 } as const;
      await f.store.workspaces.ensureMember({ ...input, role: "member" });
      const raised = await f.store.workspaces.ensureMember({ ...input, role: "admin" });
      const kept = await f.store.workspaces.ensureMember({ ...input, role: "member" });
      expect(raised.member.role).toBe("admin");
      expect(kept.member.role).toBe("admin");
    });

    it("updates members and lists them", async () => {
      const f = fixture();
      const workspace = await f.workspace();
      const { member } = await f.member(workspace);
      const other = await f.member(workspace, "admin");
      const updated = await f.store.workspaces.updateMember(member.id, { banned: true, dailyCapOverride: 7 });
      expect(updated).toEqual({ ...member, banned: true, dailyCapOverride: 7 });
      expect(await f.store.workspaces.updateMember("mem_missing", { banned: true })).toBeNull();
      expect((await f.store.workspaces.listMembers(workspace.id)).map((m) => m.id).sort()).toEqual(
        [member.id, other.member.id].sort(),
      );
    });

    it("returns null for unknown users and members", async () => {
      const f = fixture();
      const workspace = await f.workspace();
      expect(await f.store.workspaces.findUserByIdentity("slack", "nobody")).toBeNull();
      expect(await f.store.workspaces.getUser("usr_missing")).toBeNull();
      expect(await f.store.workspaces.getMember(workspace.id, "usr_missing")).toBeNull();
    });
  });
}
