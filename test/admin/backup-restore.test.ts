import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";

const CONVEX = { CONVEX_URL: "https://example.convex.cloud", PIXORLY_SERVICE_SECRET: "s3cret" };

/** Ledger rows, and workspaces whose balance differs from their ledger's sum (a torn copy would have some). */
function inspect(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      check: db.pragma("quick_check", { simple: true }),
      ledgerRows: db.prepare("SELECT count(*) FROM ledger").pluck().get() as number,
      unbalanced: db
        .prepare("SELECT id FROM workspaces w WHERE balance <> (SELECT coalesce(sum(amount), 0) FROM ledger l WHERE l.workspace_id = w.id)")
        .pluck()
        .all(),
    };
  } finally {
    db.close();
  }
}

describe("admin backup and restore", () => {
  let h: AdminHarness;
  const dirs: { path: string; remove: () => void }[] = [];
  const scratch = () => {
    const dir = tempDir("pixorly-backups-");
    dirs.push(dir);
    return dir.path;
  };
  let writer: ChildProcess | undefined;
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(async () => {
    if (writer && writer.exitCode === null) {
      writer.kill("SIGKILL");
      await once(writer, "exit");
    }
    await h.cleanup();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("takes a consistent backup while another process keeps writing", async () => {
    const job = await h.generate(h.actor("ann"), "a fox");
    // Over a megabyte: many times what one step of SQLite's default backup loop copies.
    for (let i = 0; i < 1_000; i++) {
      await h.store.credits.append({ workspaceId: job.workspaceId, kind: "grant", amount: 1, reason: `${i} `.padEnd(1_000, "x"), now: h.clock.now() });
    }
    const db = join(h.dir, "pixorly.db");
    writer = spawn(process.execPath, ["test/admin/ledger-writer.ts", db], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    await once(writer.stdout!, "data");
    const rowsBefore = inspect(db).ledgerRows;

    const file = join(scratch(), "pixorly-backup.db");
    const run = await h.admin(["backup", file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Backed up .*pixorly\.db to .*pixorly-backup\.db \(\d+ pages\)\.$/m);
    // The writer was not held up: it went on writing after the copy.
    const rowsAtBackup = inspect(file).ledgerRows;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(inspect(db).ledgerRows).toBeGreaterThan(rowsAtBackup);
    writer.kill("SIGTERM");
    await once(writer, "exit");

    const copy = inspect(file);
    expect(copy.check).toBe("ok");
    expect(copy.unbalanced).toEqual([]);
    expect(copy.ledgerRows).toBeGreaterThanOrEqual(rowsBefore);
  });

  it("restores a backup, refusing to overwrite a store with data unless --force", async () => {
    const ann = h.actor("ann");
    await h.generate(ann, "a fox");
    const file = join(scratch(), "pixorly-backup.db");
    expect((await h.admin(["backup", file])).code).toBe(0);
    await h.generate(ann, "a fox made after the backup");
    const ws = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
    expect(ws.balance).toBe(8);

    const refused = await h.admin(["restore", file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holds data \(users, identities, workspaces, .*\); restoring replaces all of it\. Run again with --force/);
    expect((await h.store.workspaces.get(ws.id))!.balance).toBe(8);

    const restored = await h.admin(["restore", file, "--force"]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .*pixorly\.db from .*pixorly-backup\.db/m);
    expect((await h.store.workspaces.get(ws.id))!.balance).toBe(9);
    expect(await h.store.jobs.list({ workspaceId: ws.id, limit: 10 })).toHaveLength(1);
  });

  it("restores into an empty DATA_DIR without --force", async () => {
    await h.generate(h.actor("ann"), "a fox");
    const file = join(scratch(), "pixorly-backup.db");
    expect((await h.admin(["backup", file])).code).toBe(0);
    const fresh = scratch();
    const run = await h.admin(["restore", file], { env: { DATA_DIR: fresh } });
    expect(run.code).toBe(0);
    const listed = await h.admin(["workspaces", "--json"], { env: { DATA_DIR: fresh } });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ externalId: "guild-1", balance: 9, images: 1 })]);
  });

  it("refuses to overwrite a file, to restore what is not a backup, and to run on Convex", async () => {
    await h.generate(h.actor("ann"), "a fox");
    const taken = join(scratch(), "taken.db");
    writeFileSync(taken, "not a database");
    expect(await h.admin(["backup", taken])).toMatchObject({ code: 1, stderr: expect.stringMatching(/taken\.db already exists: back up to a new file name/) });

    const restore = await h.admin(["restore", taken, "--force"], { env: { DATA_DIR: scratch() } });
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(/taken\.db is not a usable Pixorly backup: file is not a database/);

    const nothing = await h.admin(["backup", join(scratch(), "b.db")], { env: { DATA_DIR: scratch() } });
    expect(nothing).toMatchObject({ code: 1, stderr: expect.stringMatching(/There is no database at .*pixorly\.db to back up: check DATA_DIR/) });

    for (const argv of [["backup", join(scratch(), "b.db")], ["restore", taken]]) {
      const run = await h.admin(argv, { env: CONVEX });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/works on the SQLite store, and this configuration uses Convex/);
    }
  });
});
