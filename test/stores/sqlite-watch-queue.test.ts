import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../core/ports/store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { Fixture } from "../contract/store/fixtures.ts";
import { tempDir } from "../support/temp-dir.ts";

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("SQLite watchQueue: work another connection (process) queued", () => {
  const dir = tempDir("pixorly-watch-");
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  afterAll(() => dir.remove());
  const open = () => {
    const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
    stores.push(store);
    return store;
  };

  it("calls back when another connection submits or puts a job back, not for other writes", async () => {
    const worker = open();
    const other = new Fixture(open());
    const actor = await other.actor();
    let calls = 0;
    const unwatch = worker.watchQueue!(() => calls++);

    await other.store.workspaces.updateSettings(actor.workspace.id, { nsfw: "block" }, 1);
    await settle(60);
    expect(calls, "a settings change queued no work").toBe(0);

    await other.submit(actor);
    await settle(60);
    expect(calls).toBe(1);

    const running = await other.claim("w");
    await settle(60);
    expect(calls, "a claim takes work away").toBe(1);
    await other.store.jobs.release(running!.id, "w", 0, 0);
    await settle(60);
    expect(calls, "a released job is pending work again").toBe(2);

    unwatch();
    await other.submit(actor);
    await settle(60);
    expect(calls).toBe(2);
  });
});
