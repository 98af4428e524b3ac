import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FORGOTTEN_USER_ID } from "../../core/domain/forgotten-user.ts";
import { newId } from "../../core/domain/ids.ts";
import type { Installation, InstallationStore } from "../../core/ports/installation-store.ts";
import type { AdminStore, TransferRecords, TransferTable } from "../../core/ports/store-admin.ts";
import type { CompletedImage } from "../../core/ports/store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { createConvexInstallationStore } from "../../core/stores/convex/installation-store.ts";
import { createSqliteInstallationStore } from "../../core/stores/sqlite/installation-store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { transferKey } from "../../core/transfer/transfer-key.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore, SERVICE_SECRET } from "../convex/harness.ts";
import { tempDir } from "../support/temp-dir.ts";
import { dumpStore, findEverywhere } from "./store-dump.ts";

interface Made {
  store: AdminStore;
  installations: InstallationStore;
  cleanup: () => Promise<void>;
}

const images = (job: string, count: number): CompletedImage[] =>
  Array.from({ length: count }, (_, index) => ({
    id: newId("img", T0),
    index,
    storageKey: `ws/${job}-${index}.png`,
    url: `https://cdn.example/${job}-${index}.png`,
    contentType: "image/png",
    width: 512,
    height: 512,
    bytes: 100,
  }));

/** The StoreAdmin port's behaviour, the same on both adapters (bots/admin relies on nothing else). */
describe.each([
  [
    "sqlite",
    (): Made => {
      const dir = tempDir("pixorly-admin-contract-");
      const file = join(dir.path, "pixorly.db");
      const store = createSqliteStore({ file });
      const installations = createSqliteInstallationStore({ file });
      return { store, installations, cleanup: async () => (await installations.close(), await store.close(), dir.remove()) };
    },
  ],
  [
    "convex",
    (): Made => {
      const t = makeConvex();
      const installations = createConvexInstallationStore({ client: t as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET });
      return { store: makeConvexStore(t), installations, cleanup: async () => {} };
    },
  ],
])("StoreAdmin on %s", (_name, make) => {
  const cleanups: (() => Promise<void>)[] = [];
  let installations: InstallationStore;
  const fresh = () => {
    const made = make();
    cleanups.push(made.cleanup);
    installations = made.installations;
    return made.store;
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("forgets a person in bounded steps however much they made; totals and others' data stay", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor("ENTERPRISE");
    const bob = await f.member(ann.workspace);
    // 18 jobs of 4 images: more than one Convex step handles.
    for (let i = 0; i < 18; i++) {
      const job = await f.running(ann, "worker-1", { count: 4, price: 4, prompt: `ann's fox ${i}`, channelKey: "discord:g/c", now: T0 + i });
      await f.complete(job, images(job.id, 4), "worker-1", T0 + i);
    }
    const bobs = await f.running(bob, "worker-1", { prompt: "bob's fox", channelKey: "discord:g/c" });
    await f.complete(bobs, images(bobs.id, 1));
    const [bobsImage] = await store.images.listForJob(bobs.id);
    const saved = await store.collections.ensureForUser({ workspaceId: ann.workspace.id, userId: ann.user.id, name: "ann's saved", now: T0 });
    await store.collections.addImage(saved.id, bobsImage!.id, ann.user.id, T0);
    await store.apiKeys.create({
      id: "key_ann",
      workspaceId: ann.workspace.id,
      userId: ann.user.id,
      name: "ann's key",
      prefix: "pxl_ann",
      keyHash: "ann-hash",
      scopes: ["read"],
      rateLimitPerMinute: 60,
      createdAt: T0,
    });
    const ledgerBefore = await store.credits.ledgerSum(ann.workspace.id);
    const range = { workspaceId: ann.workspace.id, fromDate: "2026-01-01", toDate: "2026-12-31" };
    const usageBefore = await store.usage.list(range);

    expect(await store.admin.countImages(ann.workspace.id)).toBe(73);

    const result = await store.admin.forgetUser(ann.user.id, T0 + 100);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ identities: 1, memberships: 1, images: 72, apiKeys: 1, collections: 1, jobs: 18, usageDays: 1 });
    expect(new Set(result.value.storageKeys).size).toBe(72);

    expect(await findEverywhere(store.admin, ann.user.id)).toEqual([]);
    expect(await findEverywhere(store.admin, "ann's")).toEqual([]);
    expect(await store.credits.ledgerSum(ann.workspace.id)).toBe(ledgerBefore);
    expect((await store.workspaces.get(ann.workspace.id))!).toMatchObject({ balance: ledgerBefore, storageUsedBytes: 100 });
    const usageAfter = await store.usage.list(range);
    const sum = (days: typeof usageBefore, field: "images" | "creditsCharged" | "completed") => days.reduce((total, day) => total + day[field], 0);
    for (const field of ["images", "creditsCharged", "completed"] as const) expect(sum(usageAfter, field)).toBe(sum(usageBefore, field));
    expect(usageAfter.find((day) => day.userId === FORGOTTEN_USER_ID)).toMatchObject({ images: 72, models: { local: 72 } });
    expect(await store.images.get(bobsImage!.id)).not.toBeNull();
    expect(await store.admin.countImages(ann.workspace.id)).toBe(1);

    expect(await store.admin.forgetUser(ann.user.id, T0 + 200)).toEqual({
      ok: true,
      value: { identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] },
    });
  });

  it("forget re-points every collection link and every ledger row that names the person", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor("PRO");
    const bob = await f.member(ann.workspace);
    const bobs = await f.running(bob, "worker-1", { prompt: "bob's fox", channelKey: "discord:g/c" });
    await f.complete(bobs, images(bobs.id, 1));
    const [bobsImage] = await store.images.listForJob(bobs.id);
    // Ann files Bob's image in another channel's collection, and an admin credits her a goodwill grant.
    const other = await store.collections.ensureForChannel({ workspaceId: ann.workspace.id, channelKey: "discord:g/other", name: "other", now: T0 });
    expect(await store.collections.addImage(other.id, bobsImage!.id, ann.user.id, T0)).toBe(true);
    const grant = await store.credits.append({
      workspaceId: ann.workspace.id,
      kind: "adjustment",
      amount: 5,
      reason: "goodwill",
      userId: ann.user.id,
      jobId: null,
      dedupeKey: null,
      now: T0,
    });
    expect(grant.ok).toBe(true);
    const ledgerBefore = await store.credits.ledgerSum(ann.workspace.id);

    expect(await store.admin.forgetUser(ann.user.id, T0 + 100)).toMatchObject({ ok: true });

    expect(await findEverywhere(store.admin, ann.user.id)).toEqual([]);
    const dump = await dumpStore(store.admin);
    const links = dump.get("collection_images") as TransferRecords["collection_images"][];
    expect(links.find((link) => link.collectionId === other.id)).toMatchObject({ imageId: bobsImage!.id, addedBy: FORGOTTEN_USER_ID });
    const ledger = dump.get("ledger") as TransferRecords["ledger"][];
    expect(ledger.find((entry) => entry.reason === "goodwill")).toMatchObject({ userId: FORGOTTEN_USER_ID, amount: 5 });
    expect(await store.credits.ledgerSum(ann.workspace.id)).toBe(ledgerBefore);
  });

  it("forget re-points a linked workspace member's ledger rows, which live in the pool owner's ledger (#19)", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const owner = await f.workspace("PRO");
    const joiner = await store.workspaces.ensure({ platform: "slack", externalId: "T-forget", name: "Acme", plan: "FREE", now: T0 });
    const codeHash = "forget-link-code";
    expect((await store.links.createCode({ codeHash, workspaceId: owner.id, expiresAt: T0 + 60_000, now: T0 })).ok).toBe(true);
    expect((await store.links.redeem({ codeHash, workspaceId: joiner.id, linkId: newId("lnk", T0), now: T0 + 1 })).ok).toBe(true);
    const ann = await f.member(joiner);
    const cancelled = await f.submit(ann, { price: 2 });
    expect((await store.jobs.cancel(cancelled.id, T0 + 2)).ok).toBe(true);
    const poolLedger = await store.credits.list(owner.id, 100);
    expect(poolLedger.filter((entry) => entry.userId === ann.user.id)).toHaveLength(2); // the charge and its refund
    const before = await store.credits.ledgerSum(owner.id);

    expect(await store.admin.forgetUser(ann.user.id, T0 + 100)).toMatchObject({ ok: true });

    expect(await findEverywhere(store.admin, ann.user.id)).toEqual([]);
    const after = await store.credits.list(owner.id, 100);
    expect(after.filter((entry) => entry.userId === FORGOTTEN_USER_ID)).toHaveLength(2);
    expect(await store.credits.ledgerSum(owner.id)).toBe(before);
  });

  it("forgetting a person returns their jobs' input image keys for deletion and clears them from the jobs", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor("PRO");
    const bob = await f.member(ann.workspace);
    const annsKey = `${ann.workspace.id}/2026-11-26/job_a-input-8x8-n1.png`;
    const bobsKey = `${ann.workspace.id}/2026-11-26/job_b-input-8x8-n2.png`;
    const annsJob = await f.running(ann, "worker-1", { inputImageKey: annsKey, strength: 0.5 });
    await f.complete(annsJob, images(annsJob.id, 1));
    const bobsJob = await f.running(bob, "worker-1", { inputImageKey: bobsKey, strength: 0.5 });
    await f.complete(bobsJob, images(bobsJob.id, 1));

    const result = await store.admin.forgetUser(ann.user.id, T0 + 20);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.storageKeys).toContain(annsKey);
    expect(result.value.storageKeys).not.toContain(bobsKey);
    expect((await store.jobs.get(annsJob.id))?.inputImageKey).toBeNull();
    expect((await store.jobs.get(bobsJob.id))?.inputImageKey).toBe(bobsKey);
  });

  it("forgetting a person releases their jobs' input copies from the storage totals (issue #19), and no one else's", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor("PRO");
    const bob = await f.member(ann.workspace);
    // Keys as the engine makes them: the copy's byte size rides in the key.
    const annsKey = `${ann.workspace.id}/2026-11-26/job_a-input-8x8-700b-n1.png`;
    const bobsKey = `${ann.workspace.id}/2026-11-26/job_b-input-8x8-400b-n2.png`;
    const annsJob = await f.running(ann, "worker-1", { inputImageKey: annsKey, strength: 0.5 });
    await f.complete(annsJob, images(annsJob.id, 1));
    const bobsJob = await f.running(bob, "worker-1", { inputImageKey: bobsKey, strength: 0.5 });
    await f.complete(bobsJob, images(bobsJob.id, 1));
    expect(await store.admin.userStorageBytes(ann.user.id)).toBe(800);
    expect(await store.admin.userStorageBytes(bob.user.id)).toBe(500);
    expect((await store.workspaces.get(ann.workspace.id))?.storageUsedBytes).toBe(1_300);

    expect(await store.admin.forgetUser(ann.user.id, T0 + 20)).toMatchObject({ ok: true });
    expect(await store.admin.userStorageBytes(bob.user.id)).toBe(500);
    expect((await store.workspaces.get(ann.workspace.id))?.storageUsedBytes).toBe(500);
  });

  it("keeps each user's storage total with every completion, deletion and forget", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor("PRO");
    const bob = await f.member(ann.workspace);
    const annsJob = await f.running(ann, "worker-1", { count: 3, price: 3 });
    await f.complete(annsJob, images(annsJob.id, 3));
    const bobsJob = await f.running(bob, "worker-1", { count: 2, price: 2 });
    await f.complete(bobsJob, images(bobsJob.id, 2));
    expect(await store.admin.userStorageBytes(ann.user.id)).toBe(300);
    expect(await store.admin.userStorageBytes(bob.user.id)).toBe(200);
    expect((await store.workspaces.get(ann.workspace.id))?.storageUsedBytes).toBe(500);

    const [first] = await store.images.listForJob(annsJob.id);
    await store.images.delete(first!.id, T0 + 10);
    expect(await store.admin.userStorageBytes(ann.user.id)).toBe(200);
    expect((await store.workspaces.get(ann.workspace.id))?.storageUsedBytes).toBe(400);

    expect(await store.admin.forgetUser(ann.user.id, T0 + 20)).toMatchObject({ ok: true });
    expect(await store.admin.userStorageBytes(ann.user.id)).toBe(0);
    expect(await store.admin.userStorageBytes(bob.user.id)).toBe(200);
    expect((await store.workspaces.get(ann.workspace.id))?.storageUsedBytes).toBe(200);
  });

  it("forgets a person as the installer of their team's installation only", async () => {
    const store = fresh();
    const workspace = await store.workspaces.ensure({ platform: "slack", externalId: "T01", name: "Team", plan: "PRO", now: T0 });
    const { user } = await store.workspaces.ensureMember({ workspaceId: workspace.id, platform: "slack", externalUserId: "T01/U02", displayName: "Ann", role: "admin", now: T0 });
    const install = (teamId: string): Installation => ({
      platform: "slack",
      teamId,
      enterpriseId: null,
      workspaceId: null,
      appId: "A01",
      botUserId: "U-bot",
      botId: "B01",
      botScopes: ["commands"],
      encryptedBotToken: "sealed",
      installedByUserId: "U02",
      createdAt: T0,
      updatedAt: T0,
    });
    await installations.save(install("T01"));
    // Another team's U02 is someone else.
    await installations.save(install("T02"));
    expect(await store.admin.forgetUser(user.id, T0)).toMatchObject({ ok: true });
    expect(await installations.find({ platform: "slack", teamId: "T01", enterpriseId: null })).toEqual({ ...install("T01"), installedByUserId: null });
    expect(await installations.find({ platform: "slack", teamId: "T02", enterpriseId: null })).toEqual(install("T02"));
  });

  it("forgetting a Clerk user closes their own workspace as the Clerk deletion does, and no one else's", async () => {
    const store = fresh();
    const own = await store.workspaces.ensure({ platform: "clerk", externalId: "user_ann", name: "Ann", plan: "FREE", now: T0 });
    const other = await store.workspaces.ensure({ platform: "clerk", externalId: "user_bob", name: "Bob", plan: "FREE", now: T0 });
    const { user } = await store.workspaces.ensureMember({ workspaceId: own.id, platform: "clerk", externalUserId: "user_ann", displayName: "Ann", role: "admin", now: T0 });
    await store.workspaces.ensureMember({ workspaceId: other.id, platform: "clerk", externalUserId: "user_bob", displayName: "Bob", role: "admin", now: T0 });
    expect(await store.admin.forgetUser(user.id, T0 + 5)).toMatchObject({ ok: true, value: { identities: 1, memberships: 1 } });
    expect(await store.workspaces.get(own.id)).toMatchObject({ name: "deleted user", active: false, updatedAt: T0 + 5 });
    expect(await store.workspaces.get(other.id)).toMatchObject({ name: "Bob", active: true });
  });

  it("refuses to forget someone with a job in the queue, changing nothing", async () => {
    const store = fresh();
    const f = new Fixture(store);
    const ann = await f.actor();
    const queued = await f.submit(ann);
    expect(await store.admin.userFootprint(ann.user.id)).toEqual({ workspaceIds: [ann.workspace.id], pendingJobIds: [queued.id], processingJobIds: [] });
    const before = await dumpStore(store.admin);
    const refused = await store.admin.forgetUser(ann.user.id, T0);
    expect(refused).toMatchObject({ ok: false, error: { code: "JOBS_IN_FLIGHT", details: { jobIds: [queued.id] } } });
    expect(await dumpStore(store.admin)).toEqual(before);
  });

  it("exports in pages that together hold every record once, and imports only what is new", async () => {
    const source = fresh();
    const f = new Fixture(source);
    const actor = await f.actor();
    for (let i = 0; i < 4; i++) await f.member(actor.workspace);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof source.admin.exportPage<"members">>> = await source.admin.exportPage("members", cursor, 2);
      pages.push(page.records.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(pages.slice(0, 3).map((p) => p.length)).toEqual([2, 2, 1]);
    const members = await source.workspaces.listMembers(actor.workspace.id);
    expect(pages.flat().sort()).toEqual(members.map((m) => m.id).sort());

    const dump = await dumpStore(source.admin);
    const target = fresh();
    for (const table of target.admin.tables) {
      const records = dump.get(table) ?? [];
      expect(await target.admin.importRecords(table, records.slice(0, 1))).toEqual({ inserted: Math.min(1, records.length), skipped: 0 });
      expect(await target.admin.importRecords(table, records)).toEqual({ inserted: Math.max(0, records.length - 1), skipped: Math.min(1, records.length) });
    }
    const copied = await dumpStore(target.admin);
    for (const table of target.admin.tables) {
      const keys = (records: readonly TransferRecords[TransferTable][]) => records.map((r) => transferKey(table, r)).sort();
      expect(keys(copied.get(table)!), table).toEqual(keys(dump.get(table) ?? []));
    }
  });
});
