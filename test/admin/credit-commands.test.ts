import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../core/domain/ledger.ts";
import type { UsageDay } from "../../core/domain/usage.ts";
import type { Workspace } from "../../core/domain/workspace.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";

describe("admin: credits and usage", () => {
  let h: AdminHarness;
  let ws: Workspace;
  beforeEach(async () => {
    h = adminHarness();
    await h.generate(h.actor("ann"), "a red fox");
    ws = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
  });
  afterEach(() => h.cleanup());

  const balance = async () => (await h.store.workspaces.get(ws.id))!.balance;

  it("grants credits as a ledger entry with the reason, and the balance stays the ledger's sum", async () => {
    const run = await h.admin(["grant", ws.id, "50", "--reason", "support ticket 4411"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Granted 50 credits to Guild guild-1 \(ws_\S+\): balance 59\. Ledger entry led_\S+: "support ticket 4411"\.$/m);
    const [latest] = await h.store.credits.list(ws.id, 1);
    expect(latest).toMatchObject({ kind: "grant", amount: 50, balanceAfter: 59, reason: "support ticket 4411", userId: null });
    expect(await balance()).toBe(59);
    expect(await h.store.credits.ledgerSum(ws.id)).toBe(59);
  });

  it("takes credits back as an adjustment, and refuses to go below zero without changing anything", async () => {
    const taken = await h.adminJson<LedgerEntry>("grant", "discord:guild-1", "--reason", "granted twice by mistake", "--", "-4");
    expect(taken).toMatchObject({ kind: "adjustment", amount: -4, balanceAfter: 5 });

    const before = await h.store.credits.list(ws.id, 100);
    const refused = await h.admin(["grant", "discord:guild-1", "--reason", "too much", "--", "-6"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^✗ /);
    expect(await h.store.credits.list(ws.id, 100)).toEqual(before);
    expect(await balance()).toBe(5);
    expect(await h.store.credits.ledgerSum(ws.id)).toBe(5);
  });

  it("refills once per month however often it runs", async () => {
    // The workspace's welcome grant was November's allowance.
    expect((await h.adminJson<{ workspaces: { refilled: number }[] }>("refill")).workspaces).toEqual([expect.objectContaining({ refilled: 0, balance: 9 })]);

    h.clock.set(Date.UTC(2026, 11, 2, 9, 0));
    const december = await h.admin(["refill"]);
    expect(december.stdout).toMatch(/^ws_\S+\s+Guild guild-1\s+FREE\s+1\s+10$/m);
    expect(december.stdout).toMatch(/Refill for 2026-12: 1 workspace\(s\) topped up/);
    await h.generate(h.actor("ann"), "a fox in the snow");
    expect((await h.adminJson<{ workspaces: { refilled: number }[] }>("refill")).workspaces[0]!.refilled).toBe(0);
    expect(await balance()).toBe(9);

    h.clock.set(Date.UTC(2027, 0, 1, 0, 0));
    expect((await h.adminJson<{ period: string; workspaces: { refilled: number }[] }>("refill"))).toMatchObject({ period: "2027-01", workspaces: [{ refilled: 1 }] });
    const refills = (await h.store.credits.list(ws.id, 100)).filter((e) => e.kind === "refill");
    expect(refills.map((e) => e.dedupeKey)).toEqual([`refill:${ws.id}:2027-01`, `refill:${ws.id}:2026-12`]);
    expect(await balance()).toBe(await h.store.credits.ledgerSum(ws.id));
  });

  it("prints the daily usage rows of a range as CSV or JSON, for one workspace or all", async () => {
    await h.generate(h.actor("bob", "guild-2"), "a blue fox, with a comma", { count: 2 });
    h.clock.set(Date.UTC(2026, 10, 28, 12, 0));
    await h.generate(h.actor("ann"), "a fox on the 28th");

    const csv = await h.admin(["usage", "--from", "2026-11-26", "--to", "2026-11-27"]);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "date,workspaceId,userId,requested,completed,failed,cancelled,images,creditsCharged,creditsRefunded,storageBytes,apiRequests,providerCostUsd,models",
    );
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^2026-11-26,ws_\w+,usr_\w+,1,1,0,0,1,1,0,12,0,0\.01,local=1$/),
      expect.stringMatching(/^2026-11-26,ws_\w+,usr_\w+,1,1,0,0,2,2,0,24,0,0\.01,local=2$/),
    ]);

    const ann = await h.adminJson<UsageDay[]>("usage", "--from", "2026-11-01", "--to", "2026-11-30", "--workspace", "discord:guild-1");
    expect(ann.map((d) => [d.date, d.images])).toEqual([
      ["2026-11-26", 1],
      ["2026-11-28", 1],
    ]);
    const json = await h.admin(["usage", "--from", "2026-11-28", "--to", "2026-11-28", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ date: "2026-11-28", workspaceId: ws.id, models: { local: 1 } })]);
  });
});
