import Database from "better-sqlite3";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { tempDir } from "../support/temp-dir.ts";

const dir = tempDir("pixorly-claim-policy-");

/**
 * The claim reads each leased workspace's NSFW policy inside its transaction (claim-jobs.ts). A
 * settings value that is not JSON (only a hand-edited database has one) must neither throw there,
 * which would roll back every claim in the store and stall the queue, nor open the policy.
 */
it("a workspace whose stored settings are not JSON still has its jobs claimed, under the closed policy (block)", async () => {
  const file = join(dir.path, "pixorly.db");
  const store = createSqliteStore({ file });
  try {
    const f = new Fixture(store);
    const broken = await f.actor();
    const fine = await f.actor();
    await store.workspaces.updateSettings(fine.workspace.id, { nsfw: "allow" }, T0);
    const first = await f.submit(broken);
    const second = await f.submit(fine);
    const raw = new Database(file);
    raw.prepare("UPDATE workspaces SET settings = ? WHERE id = ?").run("{not json", broken.workspace.id);
    raw.close();
    expect(await f.lease("w", T0)).toMatchObject({ job: { id: first.id }, nsfw: "block" });
    expect(await f.lease("w", T0)).toMatchObject({ job: { id: second.id }, nsfw: "allow" });
  } finally {
    await store.close();
    dir.remove();
  }
});
