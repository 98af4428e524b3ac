import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleConsoleLine } from "../../bots/console/handle-console-line.ts";
import { FORGOTTEN_USER_ID } from "../../core/domain/forgotten-user.ts";
import type { Image } from "../../core/domain/image.ts";
import type { Workspace } from "../../core/domain/workspace.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";
import { findEverywhere } from "./store-dump.ts";

const USAGE_FIELDS = ["requested", "completed", "cancelled", "images", "creditsCharged", "creditsRefunded", "storageBytes", "apiRequests"] as const;

/** Per workspace: balance, ledger sum and entry count, and usage summed over every member and day. */
async function totals(h: AdminHarness, workspaces: Workspace[]) {
  return Promise.all(
    workspaces.map(async (ws) => {
      const days = await h.store.usage.list({ workspaceId: ws.id, fromDate: "2000-01-01", toDate: "2100-01-01" });
      return {
        balance: (await h.store.workspaces.get(ws.id))!.balance,
        ledgerSum: await h.store.credits.ledgerSum(ws.id),
        ledgerEntries: (await h.store.credits.list(ws.id, 1_000)).length,
        usage: Object.fromEntries(USAGE_FIELDS.map((field) => [field, days.reduce((sum, day) => sum + day[field], 0)])),
      };
    }),
  );
}

describe("forgetting a person", () => {
  let h: AdminHarness;
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(() => h.cleanup());

  /** Ann in two guilds with images (public, private, saved), an API key and a queued job; Bob beside her. */
  async function seed() {
    const ann = h.actor("ann");
    await h.generate(ann, "ann's secret fox", { private: true });
    const annsFirst = await h.generate(ann, "ann's first fox");
    await h.generate(h.actor("ann", "guild-2"), "ann's fox in guild two");
    const bobs = await h.generate(h.actor("bob"), "bob's blue fox");
    await h.engine.saveToCollection(h.actor("bob"), annsFirst.id);
    await h.engine.saveToCollection(ann, bobs.id);
    const [guild1, guild2] = [(await h.store.workspaces.findByExternal("discord", "guild-1"))!, (await h.store.workspaces.findByExternal("discord", "guild-2"))!];
    const annUser = (await h.store.workspaces.findUserByIdentity("discord", "ann"))!;
    await h.store.apiKeys.create({
      id: "key_ann",
      workspaceId: guild1.id,
      userId: annUser.id,
      name: "ann's script",
      prefix: "pxl_ann",
      keyHash: "hash-of-ann's-key",
      scopes: ["generate"],
      rateLimitPerMinute: 60,
      createdAt: h.clock.now(),
    });
    await h.store.apiKeys.touch("key_ann", h.clock.now());
    const queued = await h.submit(ann, "ann's queued fox");
    const annImages = [
      ...(await h.store.images.list({ workspaceId: guild1.id, userId: annUser.id, limit: 100 })).images,
      ...(await h.store.images.list({ workspaceId: guild2.id, userId: annUser.id, limit: 100 })).images,
    ];
    return { annUser, workspaces: [guild1, guild2], annImages, bobs, queued };
  }

  it("removes identities, memberships, API keys, images and their objects; ledger and usage totals stay, anonymous", async () => {
    const { annUser, workspaces, annImages, bobs, queued } = await seed();
    expect(annImages).toHaveLength(3);
    const before = await totals(h, workspaces);

    const run = await h.admin(["forget", "discord:ann"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^forgotten\s+discord:ann \(was usr_\w+\)$/m);
    expect(run.stdout).toMatch(/^queued jobs cancelled\s+1$/m);
    expect(run.stdout).toMatch(/^images deleted\s+3$/m);
    expect(run.stdout).toMatch(/^API keys deleted\s+1$/m);
    expect(run.stdout).toMatch(/^collections deleted\s+1$/m);
    expect(run.stdout).toMatch(/^memberships removed\s+2$/m);
    expect(run.stdout).toMatch(/^jobs anonymized\s+4$/m);

    // The person is gone, with everything that could name or reach them.
    expect(await h.store.workspaces.findUserByIdentity("discord", "ann")).toBeNull();
    expect(await h.store.workspaces.getUser(annUser.id)).toBeNull();
    for (const ws of workspaces) expect((await h.store.workspaces.listMembers(ws.id)).map((m) => m.userId)).not.toContain(annUser.id);
    expect(await h.store.apiKeys.findByHash("hash-of-ann's-key")).toBeNull();
    for (const image of annImages) {
      expect(await h.store.images.get(image.id)).toBeNull();
      expect(await h.storage.get(image.storageKey)).toBeNull();
    }
    expect(await findEverywhere(h.store.admin, annUser.id)).toEqual([]);
    expect(await findEverywhere(h.store.admin, "ann's")).toEqual([]);
    expect(await findEverywhere(h.store.admin, "Name of ann")).toEqual([]);

    // Her queued job was cancelled and refunded first (in guild-1); beyond that every total holds, under the tombstone now.
    expect(await h.store.jobs.get(queued.id)).toMatchObject({ status: "cancelled", userId: FORGOTTEN_USER_ID, prompt: "", replyTarget: null });
    const [guild1, guild2] = await totals(h, workspaces);
    expect(guild1).toEqual({
      balance: before[0]!.balance + 1,
      ledgerSum: before[0]!.ledgerSum + 1,
      ledgerEntries: before[0]!.ledgerEntries + 1,
      usage: { ...before[0]!.usage, cancelled: before[0]!.usage.cancelled! + 1, creditsRefunded: before[0]!.usage.creditsRefunded! + 1 },
    });
    expect(guild2).toEqual(before[1]);
    expect(guild1!.balance).toBe(guild1!.ledgerSum);

    // Bob keeps his image and its object; the copy of Ann's image left his saved collection.
    const bobImages = await h.store.images.listForJob(bobs.id);
    expect(bobImages).toHaveLength(1);
    expect(await h.storage.get(bobImages[0]!.storageKey)).not.toBeNull();
    const bobsSaved = (await h.store.collections.listForWorkspace(workspaces[0]!.id)).find((c) => c.name.includes("Name of bob"));
    expect(bobsSaved).toMatchObject({ imageCount: 0 });
    const listed = await h.adminJson<{ members: number; images: number; storageUsedBytes: number }[]>("workspaces");
    expect(listed.map(({ members, images, storageUsedBytes }) => ({ members, images, storageUsedBytes }))).toEqual([
      { members: 1, images: 1, storageUsedBytes: 12 },
      { members: 0, images: 0, storageUsedBytes: 0 },
    ]);
  });

  it("refuses while one of the person's jobs is generating, changing nothing, and works once it is done", async () => {
    const ann = h.actor("ann");
    const done = await h.generate(ann, "ann's first fox");
    await h.submit(ann, "ann's second fox");
    const running = (await h.store.jobs.claim({ workerId: "w", now: h.clock.now(), leaseMs: 60_000, providers: ["local"], maxRunningPerMember: () => 1 }))!.job;

    const refused = await h.admin(["forget", "discord:ann"]);
    expect(refused).toMatchObject({ code: 1, stdout: "" });
    expect(refused.stderr).toMatch(/1 image job\(s\) are generating right now; try again once they finish/);
    expect(await h.store.workspaces.findUserByIdentity("discord", "ann")).not.toBeNull();
    expect(await h.store.images.listForJob(done.id)).toHaveLength(1);

    await h.store.jobs.fail({ jobId: running.id, workerId: "w", errorCode: "X", errorMessage: "gave up", retryAt: null, now: h.clock.now() });
    expect((await h.admin(["forget", "discord:ann"])).code).toBe(0);
    expect(await h.store.workspaces.findUserByIdentity("discord", "ann")).toBeNull();
  });

  it("says so for someone Pixorly does not know", async () => {
    const run = await h.admin(["forget", "slack:T01/U404"]);
    expect(run).toMatchObject({ code: 1, stderr: "✗ Pixorly knows no slack user T01/U404.\n" });
  });

  it("lets a member ask with /forget-me, which acts only once confirmed", async () => {
    const said: string[] = [];
    const ctx = { engine: h.engine, storage: h.storage, write: (text: string) => void said.push(text), track: () => undefined };
    await handleConsoleLine(ctx, "/imagine a console fox");
    const local = (await h.store.workspaces.findUserByIdentity("console", "local"))!;
    const job = (await h.runNext())!;
    const [image] = await h.store.images.listForJob(job.id);

    await handleConsoleLine(ctx, "/forget-me");
    expect(said.at(-1)).toMatch(/This deletes everything Pixorly keeps about you[\s\S]*To go ahead: \/forget-me --confirm/);
    expect(await h.store.workspaces.getUser(local.id)).not.toBeNull();

    await handleConsoleLine(ctx, "/forget-me --confirm");
    expect(said.at(-1)).toMatch(/^Done: Pixorly has forgotten you\. Deleted 1 image\(s\), 0 API key\(s\), 0 collection\(s\)\nand 1 membership\(s\); 1 job\(s\) no longer/);
    expect(await h.store.workspaces.getUser(local.id)).toBeNull();
    expect(await h.storage.get((image as Image).storageKey)).toBeNull();
  });
});
