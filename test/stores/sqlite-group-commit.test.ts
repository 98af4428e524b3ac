import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CodedError } from "../../core/domain/errors.ts";
import type { Store } from "../../core/ports/store.ts";
import { BATCH_NOT_COMMITTED, createGroupCommit } from "../../core/stores/sqlite/group-commit.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { Fixture, LEASE_MS, NO_LIMITS, T0 } from "../contract/store/fixtures.ts";
import { tempDir } from "../support/temp-dir.ts";

describe("group commit on a real SQLite file", () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database.Database;
  beforeEach(() => {
    dir = tempDir("pixorly-group-");
    db = new Database(join(dir.path, "g.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.exec("CREATE TABLE parents (id TEXT PRIMARY KEY); CREATE TABLE children (id TEXT PRIMARY KEY, parent TEXT REFERENCES parents(id))");
    db.exec("INSERT INTO parents VALUES ('p')");
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it("concurrent calls share one commit and each gets its own answer", async () => {
    const group = createGroupCommit(db);
    const insert = db.prepare("INSERT INTO children VALUES (?, 'p')");
    const answers = await Promise.all(["a", "b", "c"].map((id) => group.run(() => insert.run(id).changes)));
    expect(answers).toEqual([1, 1, 1]);
    expect(group.commits).toBe(1);
    expect(db.prepare("SELECT count(*) FROM children").pluck().get()).toBe(3);
  });

  it("a call that throws rolls back only its own writes; the others in its batch commit", async () => {
    const group = createGroupCommit(db);
    const insert = db.prepare("INSERT INTO children VALUES (?, 'p')");
    const results = await Promise.allSettled([
      group.run(() => insert.run("a")),
      group.run(() => {
        insert.run("b");
        insert.run("a"); // duplicate key: this member fails after writing "b"
      }),
      group.run(() => insert.run("c")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(group.commits).toBe(1);
    expect(db.prepare("SELECT id FROM children ORDER BY id").pluck().all()).toEqual(["a", "c"]);
  });

  it("a failed COMMIT rejects every caller of the batch with a retryable error and writes nothing", async () => {
    const group = createGroupCommit(db);
    const insert = db.prepare("INSERT INTO children VALUES (?, ?)");
    const results = await Promise.allSettled([
      group.run(() => insert.run("a", "p")),
      group.run(() => {
        // Checked at COMMIT, so the member itself succeeds and the batch's COMMIT fails.
        db.pragma("defer_foreign_keys = ON");
        insert.run("orphan", "missing");
      }),
      group.run(() => insert.run("c", "p")),
    ]);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const reason = (result as PromiseRejectedResult).reason as CodedError;
      expect(reason).toBeInstanceOf(CodedError);
      expect(reason.code).toBe(BATCH_NOT_COMMITTED);
    }
    expect(db.inTransaction).toBe(false);
    expect(db.prepare("SELECT count(*) FROM children").pluck().get()).toBe(0);
    // The connection is usable again: the callers' retry commits.
    await group.run(() => insert.run("a", "p"));
    expect(db.prepare("SELECT id FROM children").pluck().all()).toEqual(["a"]);
  });

  it("nothing is answered before its batch committed", async () => {
    const group = createGroupCommit(db);
    const reader = new Database(join(dir.path, "g.db"));
    try {
      const seen = await group.run(() => db.prepare("INSERT INTO children VALUES ('a', 'p')").run()).then(
        () => reader.prepare("SELECT count(*) FROM children").pluck().get(),
      );
      expect(seen).toBe(1);
    } finally {
      reader.close();
    }
  });
});

describe("SQLite store: batched submits and claims", () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let fx: Fixture;
  beforeEach(() => {
    dir = tempDir("pixorly-batch-");
    store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
    fx = new Fixture(store);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it("a submit that fails part-way in a batch loses and double-charges nothing", async () => {
    const actor = await fx.actor("PRO");
    const first = await fx.submit(actor);
    const balanceBefore = (await store.workspaces.get(actor.workspace.id))!.balance;
    // The middle job reuses an existing id: its charge is booked, then its insert fails.
    const results = await Promise.allSettled([
      store.jobs.submit(fx.newJob(actor), NO_LIMITS),
      store.jobs.submit(fx.newJob(actor, { id: first.id }), NO_LIMITS),
      store.jobs.submit(fx.newJob(actor), NO_LIMITS),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const accepted = results.flatMap((r) => (r.status === "fulfilled" && r.value.ok ? [r.value.value.job] : []));
    expect(accepted).toHaveLength(2);

    const ledger = await store.credits.list(actor.workspace.id, 100);
    const charged = ledger.filter((e) => e.kind === "charge").map((e) => e.jobId);
    expect(charged.sort()).toEqual([first.id, ...accepted.map((j) => j.id)].sort());
    const workspace = (await store.workspaces.get(actor.workspace.id))!;
    expect(workspace.balance).toBe(balanceBefore - 2);
    expect(workspace.balance).toBe(await store.credits.ledgerSum(actor.workspace.id));
    expect(await store.jobs.queueDepth()).toBe(3);
  });

  it("one rejection in a batch never rolls back another caller's job", async () => {
    const actor = await fx.actor("PRO");
    const banned = await fx.member(actor.workspace);
    await store.workspaces.updateMember(banned.member.id, { banned: true });
    const [a, b, c] = await Promise.all([
      store.jobs.submit(fx.newJob(actor), NO_LIMITS),
      store.jobs.submit(fx.newJob(banned), NO_LIMITS),
      store.jobs.submit(fx.newJob(actor), NO_LIMITS),
    ]);
    expect(a!.ok && c!.ok).toBe(true);
    expect(b!.ok ? null : b!.error.code).toBe("BANNED");
    expect(await store.jobs.queueDepth()).toBe(2);
  });

  it("a batched claim leases up to the free slots, one provider's slots at most", async () => {
    const a = await fx.actor("ENTERPRISE");
    const b = await fx.actor("ENTERPRISE");
    for (let i = 0; i < 3; i++) await fx.submit(a);
    for (let i = 0; i < 3; i++) await fx.submit(b, { provider: "openai", model: "gpt-image-1" });
    const claimed = await store.jobs.claimMany!(
      { workerId: "w", now: T0, leaseMs: LEASE_MS, providers: [], maxRunningPerMember: () => 100 },
      { local: 2, openai: 1 },
      10,
    );
    expect(claimed.map((l) => l.job.provider).sort()).toEqual(["local", "local", "openai"]);
    for (const { job } of claimed) expect(job).toMatchObject({ status: "processing", leaseOwner: "w", attempts: 1 });
    const limited = await store.jobs.claimMany!(
      { workerId: "w", now: T0, leaseMs: LEASE_MS, providers: [], maxRunningPerMember: () => 100 },
      { local: 5, openai: 5 },
      1,
    );
    expect(limited).toHaveLength(1);
  });

  it("a batched claim keeps each member under their running cap", async () => {
    const a = await fx.actor("ENTERPRISE");
    for (let i = 0; i < 4; i++) await fx.submit(a);
    const claimed = await store.jobs.claimMany!(
      { workerId: "w", now: T0, leaseMs: LEASE_MS, providers: [], maxRunningPerMember: () => 2 },
      { local: 4 },
      4,
    );
    expect(claimed).toHaveLength(2);
  });
});
