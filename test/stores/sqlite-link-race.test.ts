import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import { REPO_ROOT } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";

const ADMINS = 4;

interface Racer {
  ready: Promise<void>;
  result: Promise<{ ok: boolean; code?: string }>;
  go(): void;
}

/** A child process that redeems `codeHash` for `workspaceId` when told to go. */
function racer(file: string, codeHash: string, workspaceId: string): Racer {
  const child = spawn(process.execPath, ["test/stores/link-race-child.ts", file, codeHash, workspaceId], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith("ready\n")) markReady();
  });
  const result = new Promise<{ ok: boolean; code?: string }>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out.slice("ready\n".length)) as { ok: boolean; code?: string }) : reject(new Error(`child exited ${code}`))));
  });
  return { ready, result, go: () => child.stdin.write("go\n") };
}

/** The race of #19 on SQLite with real separate processes, each on its own connection to one file. */
describe("two admins redeeming the same link code at once (SQLite, separate processes)", () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: AdminStore;
  beforeEach(() => {
    dir = tempDir("pixorly-link-race-");
    file = join(dir.path, "pixorly.db");
    store = createSqliteStore({ file });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it("makes exactly one link; every other redemption is told the code was used, and the ledgers stay balanced", async () => {
    const now = Date.now();
    const owner = await store.workspaces.ensure({ platform: "discord", externalId: "G", name: "Guild", plan: "FREE", now });
    const joiners = [];
    for (let i = 0; i < ADMINS; i++) joiners.push(await store.workspaces.ensure({ platform: "slack", externalId: `T${i}`, name: `Team ${i}`, plan: "FREE", now }));
    const created = await store.links.createCode({ codeHash: "race", workspaceId: owner.id, expiresAt: now + 600_000, now });
    expect(created.ok).toBe(true);

    // Every process opens its connection first; then all are told to go at once.
    const racers = joiners.map((j) => racer(file, "race", j.id));
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.go();
    const results = await Promise.all(racers.map((r) => r.result));

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(ADMINS - 1).fill("LINK_CODE_USED"));
    const links = await store.links.list();
    expect(links).toHaveLength(1);
    for (const ws of [owner, ...joiners]) {
      const balance = (await store.workspaces.get(ws.id))!.balance;
      expect(await store.credits.ledgerSum(ws.id)).toBe(balance);
      expect(balance).toBe(ws.id === owner.id ? 20 : ws.id === links[0]!.joinerWorkspaceId ? 0 : 10);
    }
  });
});
