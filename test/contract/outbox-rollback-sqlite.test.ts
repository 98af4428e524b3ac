import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { tempDir } from "../support/temp-dir.ts";
import { Fixture, T0 } from "./store/fixtures.ts";

const dirs: { remove: () => void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

it("sqlite: an outbox row that cannot be written rolls the whole completion back (state, images, ledger, usage)", async () => {
  const dir = tempDir("pixorly-outbox-");
  dirs.push(dir);
  const file = join(dir.path, "pixorly.db");
  const store = createSqliteStore({ file });
  const raw = new Database(file);
  try {
    const f = new Fixture(store);
    const actor = await f.actor();
    const job = await f.running(actor, "worker-1", { replyTarget: { platform: "slack" }, count: 2 });
    const before = await f.snapshot(actor.workspace.id);
    // A row already there makes the completion's own insert fail, as a crash inside the transaction would.
    raw.prepare("INSERT INTO delivery_outbox (job_id, platform, created_at, available_at) VALUES (?, 'slack', 0, 0)").run(job.id);

    await expect(f.complete(job, f.images(1), "worker-1", T0 + 1)).rejects.toThrow(/UNIQUE/);
    expect(await store.jobs.get(job.id)).toEqual(job);
    expect(await store.images.listForJob(job.id)).toEqual([]);
    expect(await f.snapshot(actor.workspace.id)).toEqual(before);
  } finally {
    raw.close();
    await store.close();
  }
});
