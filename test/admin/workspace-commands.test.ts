import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_BLOCK_WORDS } from "../../core/domain/block-list.ts";
import type { Member, Workspace } from "../../core/domain/workspace.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";

describe("admin: workspaces and members", () => {
  let h: AdminHarness;
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(() => h.cleanup());

  it("lists every workspace with its plan, balance, members, images, storage and state", async () => {
    await h.generate(h.actor("ann"), "a red fox", { count: 2 });
    await h.generate(h.actor("bob"), "a blue fox");
    await h.generate(h.actor("cat", "guild-2"), "a green fox");
    const guild2 = (await h.store.workspaces.findByExternal("discord", "guild-2"))!;
    await h.store.workspaces.setActive(guild2.id, false, h.clock.now());

    const run = await h.admin(["workspaces"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^ws_\S+\s+discord:guild-1\s+Guild guild-1\s+FREE\s+7\s+2\s+3\s+36 B\s+yes$/);
    expect(lines[3]).toMatch(/^ws_\S+\s+discord:guild-2\s+Guild guild-2\s+FREE\s+9\s+1\s+1\s+12 B\s+no$/);
  });

  it("shows one workspace's details, members, recent usage and ledger", async () => {
    await h.generate(h.actor("ann"), "a red fox", { count: 2 });
    const ws = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
    const run = await h.admin(["workspace", ws.id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^balance\s+8 credits$/m);
    expect(run.stdout).toMatch(/^mem_\S+\s+Name of ann\s+member\s+-\s+no$/m);
    expect(run.stdout).toMatch(/^2026-11-26\s+1\s+1\s+0\s+2\s+2$/m);
    expect(run.stdout).toMatch(/^2026-11-26 12:00\s+charge\s+-2\s+8\s+2 images with local$/m);

    const json = await h.adminJson<{ workspace: Workspace; members: Member[]; ledger: unknown[] }>("workspace", "discord:guild-1");
    expect(json.workspace.id).toBe(ws.id);
    expect(json.members).toHaveLength(1);
    expect(json.ledger).toHaveLength(2);
  });

  it("changes a workspace's plan (quota follows, credits do not move)", async () => {
    await h.submit(h.actor("ann"), "a fox");
    const run = await h.admin(["plan", "discord:guild-1", "pro"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/plan FREE -> PRO\. Monthly refills top up to 500 credits; storage quota 100\.0 GB/);
    expect(await h.store.workspaces.findByExternal("discord", "guild-1")).toMatchObject({ plan: "PRO", balance: 9, storageQuotaBytes: 100 * 1024 ** 3 });
  });

  it("caps a member's daily spend, by member id or platform user, and removes the cap", async () => {
    await h.submit(h.actor("ann"), "a fox");
    const ws = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
    const [member] = await h.store.workspaces.listMembers(ws.id);

    expect((await h.admin(["cap", ws.id, "discord:ann", "1"])).code).toBe(0);
    expect((await h.store.workspaces.getMember(ws.id, member!.userId))?.dailyCapOverride).toBe(1);
    const refused = await h.engine.submit({
      actor: h.actor("ann"),
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt: "another fox" },
    });
    expect(refused.ok ? "accepted" : refused.error.code).toBe("DAILY_CAP");

    expect((await h.admin(["cap", ws.id, member!.id, "none"])).stdout).toMatch(/no cap of their own/);
    expect((await h.store.workspaces.getMember(ws.id, member!.userId))?.dailyCapOverride).toBeNull();
    expect((await h.admin(["cap", ws.id, "discord:stranger", "3"])).stderr).toMatch(/discord:stranger is not a member of Guild guild-1/);
  });

  it("bans a member, who is then refused, and unbans them", async () => {
    await h.submit(h.actor("ann"), "a fox");
    expect((await h.admin(["ban", "discord:guild-1", "discord:ann"])).stdout).toMatch(/discord:ann is banned in Guild guild-1/);
    const imagine = () =>
      h.engine.submit({ actor: h.actor("ann"), source: "discord", idempotencyKey: null, channelKey: null, replyTarget: null, request: { prompt: "a fox" } });
    const refused = await imagine();
    expect(refused.ok ? "accepted" : refused.error.code).toBe("BANNED");
    expect((await h.admin(["unban", "discord:guild-1", "discord:ann"])).code).toBe(0);
    expect((await imagine()).ok).toBe(true);
  });

  it("adds and removes block words, starting from a copy of the built-in list", async () => {
    await h.submit(h.actor("ann"), "a fox");
    const added = await h.adminJson<{ changed: boolean; blockWords: string[] }>("block-words", "discord:guild-1", "add", "Clowns");
    expect(added).toMatchObject({ changed: true, blockWords: [...DEFAULT_BLOCK_WORDS, "Clowns"] });
    const refused = await h.engine.submit({
      actor: h.actor("ann"),
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt: "three clowns juggling" },
    });
    expect(refused.ok ? "accepted" : refused.error.code).toBe("BLOCKED_PROMPT");

    expect((await h.admin(["block-words", "discord:guild-1", "add", "clowns"])).stdout).toMatch(/"clowns" was already on the list/);
    const removed = await h.adminJson<{ blockWords: string[] }>("block-words", "discord:guild-1", "remove", "CLOWNS");
    expect(removed.blockWords).toEqual([...DEFAULT_BLOCK_WORDS]);
    expect((await h.admin(["block-words", "discord:guild-1", "remove", "clowns"])).stdout).toMatch(/"clowns" was not on the list/);
  });
});
