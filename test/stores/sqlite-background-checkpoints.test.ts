import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { tempDir } from "../support/temp-dir.ts";

/** WAL frames written and frames already copied into the database, as any connection sees them. */
function walState(db: Database.Database): { log: number; checkpointed: number } {
  return (db.pragma("wal_checkpoint(NOOP)") as { log: number; checkpointed: number }[])[0]!;
}

describe("SQLite background checkpoints (wal-checkpointer.ts)", () => {
  const dirs: { remove: () => void }[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });

  async function grownWal(backgroundCheckpoints: boolean) {
    const dir = tempDir("pixorly-checkpoint-");
    dirs.push(dir);
    const file = join(dir.path, "pixorly.db");
    const store = createSqliteStore({ file, backgroundCheckpoints });
    // Another connection writes ~2,500 pages and never checkpoints itself.
    const writer = new Database(file);
    writer.pragma("wal_autocheckpoint = 0");
    writer.exec("CREATE TABLE pad (x BLOB)");
    const insert = writer.prepare("INSERT INTO pad VALUES (?)");
    writer.transaction(() => {
      for (let i = 0; i < 2_500; i++) insert.run(Buffer.alloc(3_000, i % 251));
    })();
    return { store, writer };
  }

  async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
    return check();
  }

  it("copies a grown WAL into the database from the worker, with no commit on the event loop doing it", async () => {
    const { store, writer } = await grownWal(true);
    try {
      expect(walState(writer).log).toBeGreaterThan(1_000);
      const copied = await waitFor(() => walState(writer).checkpointed >= 1_000, 10_000);
      expect(copied, "the worker never checkpointed the WAL").toBe(true);
    } finally {
      writer.close();
      await store.close();
    }
  });

  it("without it (the control), nothing copies the WAL until a commit crosses the inline limit", async () => {
    const { store, writer } = await grownWal(false);
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(walState(writer).checkpointed).toBe(0);
    } finally {
      writer.close();
      await store.close();
    }
  });
});
