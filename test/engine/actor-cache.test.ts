import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/engine/actor.ts";
import { ACTOR_CACHE_MAX_AGE_MS } from "../../core/engine/actor-cache.ts";
import type { Store, WorkspaceStore } from "../../core/ports/store.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { makeConvex, makeConvexStore } from "../convex/harness.ts";
import { engineHarness } from "../support/engine-harness.ts";
import { tempDir } from "../support/temp-dir.ts";
import { Fixture, NO_LIMITS } from "../contract/store/fixtures.ts";

/** Two handles on one database: the engine's, and another standing for another process. */
interface StorePair {
  name: string;
  open(): Promise<{ mine: Store; other: AdminStore; cleanup: () => Promise<void> }>;
}

const SQLITE: StorePair = {
  name: "SQLite (two handles on one file)",
  open: async () => {
    const dir = tempDir("pixorly-actor-cache-");
    const file = join(dir.path, "pixorly.db");
    const mine = createSqliteStore({ file });
    const other = createSqliteStore({ file });
    return {
      mine,
      other,
      cleanup: async () => {
        await mine.close();
        await other.close();
        dir.remove();
      },
    };
  },
};

const CONVEX: StorePair = {
  name: "Convex (two adapters on one convex-test deployment)",
  open: async () => {
    const t = makeConvex();
    return { mine: makeConvexStore(t), other: makeConvexStore(t), cleanup: async () => {} };
  },
};

/**
 * The engine's actor cache (core/engine/actor-cache.ts): an engine on one store handle, and a
 * second handle on the same data standing for another process. Every change the other process
 * makes must be seen by the engine's next request. SQLite moves the revision with triggers
 * (migration 5), Convex with convex-helpers triggers (convex/model/actorRevision.ts).
 */
describe.each([SQLITE, CONVEX])("actor cache on $name: known members resolved without finding them again, changes from any process seen", (stores) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Counts the workspace store calls that find or create rows, and apart from them the revision reads. */
  function counting(store: Store): { store: Store; lookups: () => number; revisionReads: () => number } {
    let lookups = 0;
    let revisionReads = 0;
    const workspaces = new Proxy(store.workspaces, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (key === "actorRevision") revisionReads += 1;
          else lookups += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as WorkspaceStore;
    return { store: { ...store, workspaces }, lookups: () => lookups, revisionReads: () => revisionReads };
  }

  async function setup() {
    const { mine, other, cleanup } = await stores.open();
    const { store, lookups, revisionReads } = counting(mine);
    const h = await engineHarness({ store });
    cleanups.push(async () => {
      await h.cleanup();
      await cleanup();
    });
    const actor: Actor = h.actor("u1", "w1");
    const first = await h.engine.resolve(actor);
    const submit = (a: Actor = actor, channelKey = "discord:w1/c1") =>
      h.engine.submit({ actor: a, source: "discord", idempotencyKey: null, channelKey, replyTarget: null, request: { prompt: "a red fox" } });
    return { h, other, actor, first, lookups, revisionReads, submit };
  }

  it("a known member's next request finds no rows again: one revision read answers it", async () => {
    const { h, actor, first, lookups } = await setup();
    const before = lookups();
    const again = await h.engine.resolve(actor);
    expect(lookups()).toBe(before);
    expect(again.member).toEqual(first.member);
    expect(again.workspace.id).toBe(first.workspace.id);
  });

  it("an entry older than a minute is not trusted: a write that moved no revision (Convex dashboard edits run no trigger) is seen within it", async () => {
    const { h, actor, lookups } = await setup();
    const before = lookups();
    h.clock.advance(ACTOR_CACHE_MAX_AGE_MS);
    await h.engine.resolve(actor);
    expect(lookups()).toBe(before);
    h.clock.advance(1);
    await h.engine.resolve(actor);
    expect(lookups()).toBeGreaterThan(before);
    // Found again, the entry is fresh once more.
    const after = lookups();
    await h.engine.resolve(actor);
    expect(lookups()).toBe(after);
  });

  it("a known member's /imagine makes no store call before its submit: the submit checks the cached actor's revision itself", async () => {
    const { lookups, revisionReads, submit } = await setup();
    const before = { lookups: lookups(), revisionReads: revisionReads() };
    expect((await submit()).ok).toBe(true);
    expect((await submit()).ok).toBe(true);
    expect({ lookups: lookups(), revisionReads: revisionReads() }).toEqual(before);
  });

  it("a ban made by another process refuses the very next /imagine from the cached actor, charging nothing", async () => {
    const { other, first, submit } = await setup();
    await other.workspaces.updateMember(first.member.id, { banned: true });
    const refused = await submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("BANNED");
    expect((await other.workspaces.get(first.workspace.id))?.balance).toBe(first.workspace.balance);
    expect(await other.jobs.list({ workspaceId: first.workspace.id, limit: 10 })).toEqual([]);
  });

  it("a channel another process allows again is honoured on the very next /imagine, though the cached actor still refuses it", async () => {
    const { h, other, actor, first, submit } = await setup();
    await other.workspaces.updateSettings(first.workspace.id, { allowedChannels: ["discord:w1/elsewhere"] }, Date.now());
    const closed = await submit();
    expect(closed.ok).toBe(false);
    if (!closed.ok) expect(closed.error.code).toBe("CHANNEL_NOT_ALLOWED");
    // The cache now holds the restriction; the other process lifts it.
    expect((await h.engine.resolve(actor)).workspace.settings.allowedChannels).toEqual(["discord:w1/elsewhere"]);
    await other.workspaces.updateSettings(first.workspace.id, { allowedChannels: [] }, Date.now());
    expect((await submit()).ok).toBe(true);
  });

  it("a person forgotten by another process can /imagine at once, as a new user", async () => {
    const { other, first, submit } = await setup();
    expect((await other.admin.forgetUser(first.user.id, Date.now())).ok).toBe(true);
    const accepted = await submit();
    expect(accepted.ok).toBe(true);
    if (accepted.ok) expect(accepted.value.job.userId).not.toBe(first.user.id);
  });

  it("a daily cap another process sets refuses the very next /imagine, though the cached actor has none (the submit's revision check)", async () => {
    const { other, first, submit } = await setup();
    await other.workspaces.updateMember(first.member.id, { dailyCapOverride: 0 });
    const refused = await submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("DAILY_CAP");
    expect((await other.workspaces.get(first.workspace.id))?.balance).toBe(first.workspace.balance);
  });

  it("storage is decided by the submit's own reads: filled by another process it refuses, freed it accepts, whatever the cached actor saw", async () => {
    const { h, other, first, submit } = await setup();
    const quota = first.workspace.storageQuotaBytes;
    const key = `${first.workspace.id}/2026-11-26/job_fill-input-64x48-${quota}b-abc.png`;
    const filler = await other.jobs.submit(new Fixture(other).newJob(first, { inputImageKey: key, strength: 0.5, now: Date.now() }), NO_LIMITS);
    if (!filler.ok) throw new Error(filler.error.message);
    // Cached when storage had room.
    const full = await submit();
    expect(full.ok).toBe(false);
    if (!full.ok) expect(full.error.code).toBe("STORAGE_FULL");
    // Another member is cached while storage is full; then the other process frees it.
    const second = h.actor("u2", "w1");
    expect((await h.engine.resolve(second)).workspace.storageUsedBytes).toBe(quota);
    expect((await other.jobs.cancel(filler.value.job.id, Date.now())).ok).toBe(true);
    expect(await other.jobs.releaseInputImage(filler.value.job.id, key, Date.now())).not.toBeNull();
    expect((await submit(second)).ok).toBe(true);
  });

  it("a ban made by another process is seen on the next request", async () => {
    const { h, other, actor, first, submit } = await setup();
    expect((await submit()).ok).toBe(true);
    await other.workspaces.updateMember(first.member.id, { banned: true });
    expect((await h.engine.resolve(actor)).member.banned).toBe(true);
    const refused = await submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("BANNED");
  });

  it("a role change made by another process is seen on the next request, both ways", async () => {
    const { h, other, actor, first } = await setup();
    expect((await h.engine.resolve(actor)).isAdmin).toBe(false);
    await other.workspaces.updateMember(first.member.id, { role: "admin" });
    expect((await h.engine.resolve(actor)).isAdmin).toBe(true);
    await other.workspaces.updateMember(first.member.id, { role: "member" });
    expect((await h.engine.resolve(actor)).isAdmin).toBe(false);
  });

  it("a settings change made by another process is seen on the next request", async () => {
    const { other, first, submit } = await setup();
    expect((await submit()).ok).toBe(true);
    await other.workspaces.updateSettings(first.workspace.id, { allowedChannels: ["discord:w1/elsewhere"] }, Date.now());
    const refused = await submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("CHANNEL_NOT_ALLOWED");
  });

  it("a daily cap override and a deactivation made by another process are seen on the next request", async () => {
    const { h, other, actor, first, submit } = await setup();
    await other.workspaces.updateMember(first.member.id, { dailyCapOverride: 7 });
    expect((await h.engine.resolve(actor)).member.dailyCapOverride).toBe(7);
    await other.workspaces.setActive(first.workspace.id, false, Date.now());
    const refused = await submit();
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe("WORKSPACE_INACTIVE");
  });

  it("the balance is never the cached one: credits booked by another process show on the next request", async () => {
    const { h, other, actor, first } = await setup();
    await other.credits.append({ workspaceId: first.workspace.id, kind: "grant", amount: 25, reason: "test", now: Date.now() });
    expect((await h.engine.resolve(actor)).workspace.balance).toBe(first.workspace.balance + 25);
  });

  it("a platform admin whose membership says member is raised by the store, not answered from the cache", async () => {
    const { h, actor } = await setup();
    const raised = await h.engine.resolve({ ...actor, platformAdmin: true });
    expect(raised.member.role).toBe("admin");
    expect((await h.engine.resolve(actor)).isAdmin).toBe(true);
  });

  it("a person forgotten by another process is a new user on the next request", async () => {
    const { h, other, actor, first } = await setup();
    const forgotten = await other.admin.forgetUser(first.user.id, Date.now());
    expect(forgotten.ok).toBe(true);
    const after = await h.engine.resolve(actor);
    expect(after.user.id).not.toBe(first.user.id);
    expect(after.member.id).not.toBe(first.member.id);
  });
});
