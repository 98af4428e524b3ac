import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS } from "../../core/stores/sqlite/migrations.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { tempDir } from "../support/temp-dir.ts";
import { storeContract } from "./store-contract.ts";
import { Fixture, T0 } from "./store/fixtures.ts";

storeContract("sqlite (temp file)", async () => {
  const dir = tempDir("pixorly-store-");
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describe("sqlite store specifics", () => {
  const dirs: { remove: () => void }[] = [];
  const newFile = () => {
    const dir = tempDir("pixorly-sqlite-");
    dirs.push(dir);
    return join(dir.path, "pixorly.db");
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("records each migration once; running them again changes nothing", async () => {
    const file = newFile();
    await createSqliteStore({ file }).close();
    const db = new Database(file);
    try {
      const before = db.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").all();
      expect(before).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name, applied_at: expect.any(Number) })));
      expect(MIGRATIONS[0]).toMatchObject({ version: 1, name: "initial schema" });
      expect(migrate(db)).toEqual([]);
      expect(db.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").all()).toEqual(before);
    } finally {
      db.close();
    }
    const reopened = createSqliteStore({ file });
    await reopened.close();
    await reopened.close();
  });

  it("puts the file in WAL mode and enforces foreign keys", async () => {
    const file = newFile();
    const store = createSqliteStore({ file });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      await expect(
        store.workspaces.ensureMember({
          workspaceId: "ws_missing",
          platform: "discord",
          externalUserId: "u",
          displayName: null,
          role: "member",
          now: T0,
        }),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
      await store.close();
    }
  });

  it("lets two stores on one file see each other's writes", async () => {
    const file = newFile();
    const [one, two] = [createSqliteStore({ file }), createSqliteStore({ file })];
    try {
      const actor = await new Fixture(one).actor("FREE");
      expect(await two.workspaces.get(actor.workspace.id)).toEqual(actor.workspace);
      const job = await new Fixture(one).submit(actor, { price: 4 });
      const claimed = await new Fixture(two).claim("worker-on-two", T0);
      expect(claimed?.id).toBe(job.id);
      expect((await one.jobs.get(job.id))?.leaseOwner).toBe("worker-on-two");
      expect(await two.workspaces.get(actor.workspace.id)).toMatchObject({ balance: 6 });
    } finally {
      await one.close();
      await two.close();
    }
  });
});
