import { readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import { TRANSFER_TABLES } from "../../core/ports/store-admin.ts";
import { createSqliteInstallationStore } from "../../core/stores/sqlite/installation-store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { makeConvexStore } from "../convex/harness.ts";
import { tempDir } from "../support/temp-dir.ts";
import { adminHarness, type AdminHarness } from "./admin-harness.ts";
import { seedEverything } from "./seed-everything.ts";
import { dumpStore } from "./store-dump.ts";

/** A table file's lines, sorted: stores may list records in different orders. */
const sortedLines = (dir: string, table: string) => readFileSync(join(dir, `${table}.jsonl`), "utf8").split("\n").filter(Boolean).sort();

describe("admin export and import", () => {
  let h: AdminHarness;
  const dirs: { path: string; remove: () => void }[] = [];
  const scratch = () => {
    const dir = tempDir("pixorly-transfer-");
    dirs.push(dir);
    return dir.path;
  };
  beforeEach(() => {
    h = adminHarness();
  });
  afterEach(async () => {
    await h.cleanup();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  async function exportSqlite(): Promise<string> {
    const dir = join(scratch(), "export");
    const run = await h.admin(["export", dir]);
    if (run.code !== 0) throw new Error(run.stderr);
    return dir;
  }

  /** One Slack OAuth installation beside the product's data, as an install writes it. */
  async function seedInstallation(): Promise<void> {
    const guild = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
    const installations = createSqliteInstallationStore({ file: join(h.dir, "pixorly.db") });
    await installations.save({
      platform: "slack",
      teamId: "T01",
      enterpriseId: null,
      workspaceId: guild.id,
      appId: "A01",
      botUserId: "U-bot",
      botId: "B01",
      botScopes: ["commands", "chat:write"],
      encryptedBotToken: "sealed-token",
      installedByUserId: "U02",
      createdAt: h.clock.now(),
      updatedAt: h.clock.now(),
    });
    await installations.close();
  }

  it("moves SQLite to Convex and back without changing a byte of any table", async () => {
    const { pendingJobId } = await seedEverything(h);
    await seedInstallation();
    const fromSqlite = await exportSqlite();
    const manifest = JSON.parse(readFileSync(join(fromSqlite, "manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ format: "pixorly-export", version: 1, source: "sqlite" });
    expect(Object.keys(manifest.tables)).toEqual([...TRANSFER_TABLES]);
    for (const table of TRANSFER_TABLES) expect(manifest.tables[table], table).toBeGreaterThan(0);

    const convex = makeConvexStore();
    const onConvex = { openStore: () => convex };
    const imported = await h.admin(["import", fromSqlite], onConvex);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^jobs\s+8\s+8\s+0$/m);
    expect(imported.stdout).toMatch(/Imported \d+ record\(s\) from .* into the convex store\./);

    const fromConvex = join(scratch(), "from-convex");
    expect((await h.admin(["export", fromConvex], onConvex)).code).toBe(0);
    expect(readdirSync(fromConvex).sort()).toEqual([...TRANSFER_TABLES.map((t) => `${t}.jsonl`), "manifest.json"].sort());
    for (const table of TRANSFER_TABLES) expect(sortedLines(fromConvex, table), table).toEqual(sortedLines(fromSqlite, table));
    expect(sortedLines(fromConvex, "installations")).toHaveLength(1);

    // The product runs on what arrived: balances match ledgers, the queue holds the pending job.
    for (const ws of await convex.workspaces.list()) expect(ws.balance).toBe(await convex.credits.ledgerSum(ws.id));
    expect(await convex.jobs.position(pendingJobId)).toBe(1);
    const claimed = await convex.jobs.claim({ workerId: "w", now: h.clock.now(), leaseMs: 1_000, providers: ["local"], maxRunningPerMember: () => 10 });
    expect(claimed?.job.id).toBe(pendingJobId);

    // And back to a fresh SQLite file.
    const back = scratch();
    expect((await h.admin(["import", fromConvex], { env: { DATA_DIR: back } })).code).toBe(0);
    const again = join(scratch(), "again");
    expect((await h.admin(["export", again], { env: { DATA_DIR: back } })).code).toBe(0);
    for (const table of TRANSFER_TABLES) expect(sortedLines(again, table), table).toEqual(sortedLines(fromSqlite, table));
    const workspaces = await h.admin(["workspaces", "--json"], { env: { DATA_DIR: back } });
    expect(JSON.parse(workspaces.stdout)).toEqual(JSON.parse((await h.admin(["workspaces", "--json"])).stdout));
  });

  it("resumes an interrupted import, skipping what the first run wrote", async () => {
    await seedEverything(h);
    const dir = await exportSqlite();
    const convex = makeConvexStore();
    // The first run dies halfway through the jobs: half of that batch is in, the rest is not.
    const crashing: AdminStore = {
      ...convex,
      admin: {
        ...convex.admin,
        importRecords: async (table, records) => {
          if (table !== "jobs") return convex.admin.importRecords(table, records);
          await convex.admin.importRecords(table, records.slice(0, 3));
          throw new Error("connection lost");
        },
      },
    };
    const first = await h.admin(["import", dir], { openStore: () => crashing });
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/connection lost/);
    expect((await dumpStore(convex.admin)).get("jobs")).toHaveLength(3);

    const second = await h.admin(["import", dir, "--json"], { openStore: () => convex });
    expect(second.code).toBe(0);
    const tables = (JSON.parse(second.stdout) as { tables: { table: string; records: number; inserted: number; skipped: number }[] }).tables;
    expect(tables.find((t) => t.table === "users")).toMatchObject({ inserted: 0, skipped: expect.any(Number) });
    expect(tables.find((t) => t.table === "jobs")).toEqual({ table: "jobs", records: 8, inserted: 5, skipped: 3 });
    expect(tables.find((t) => t.table === "ledger")!.skipped).toBe(0);

    const exported = join(scratch(), "after-resume");
    expect((await h.admin(["export", exported], { openStore: () => convex })).code).toBe(0);
    for (const table of TRANSFER_TABLES) expect(sortedLines(exported, table), table).toEqual(sortedLines(dir, table));
    // Running it once more finds everything there.
    const third = await h.admin(["import", dir, "--json"], { openStore: () => convex });
    expect((JSON.parse(third.stdout) as { tables: { inserted: number }[] }).tables.every((t) => t.inserted === 0)).toBe(true);
  });

  it("refuses a target holding records that are not from this export, writing nothing", async () => {
    await seedEverything(h);
    const dir = await exportSqlite();
    const convex = makeConvexStore();
    const other = await convex.workspaces.ensure({ platform: "slack", externalId: "T-other", name: "Other", plan: "PRO", now: h.clock.now() });
    const before = await dumpStore(convex.admin);

    const run = await h.admin(["import", dir], { openStore: () => convex });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`already holds workspaces ${other.id}, which is not in this export`);
    expect(await dumpStore(convex.admin)).toEqual(before);

    // The same on SQLite: a store the product has already used.
    const used = scratch();
    const product = createSqliteStore({ file: join(used, "pixorly.db") });
    const local = await product.workspaces.ensure({ platform: "console", externalId: "local", name: "Local console", plan: "FREE", now: h.clock.now() });
    await product.close();
    const sqlite = await h.admin(["import", dir], { env: { DATA_DIR: used } });
    expect(sqlite.code).toBe(1);
    expect(sqlite.stderr).toMatch(/already holds (users|workspaces) \S+, which is not in this export/);
    expect(JSON.parse((await h.admin(["workspaces", "--json"], { env: { DATA_DIR: used } })).stdout)).toEqual([expect.objectContaining({ id: local.id })]);
  });

  it("checks the whole export before writing: a bad line, a missing record, no manifest", async () => {
    await seedEverything(h);
    const target = () => ({ env: { DATA_DIR: scratch() } });
    const empty = async (env: { env: { DATA_DIR: string } }) => (await h.admin(["workspaces", "--json"], env)).stdout.trim();

    const edited = await exportSqlite();
    const jobs = join(edited, "jobs.jsonl");
    const lines = readFileSync(jobs, "utf8").split("\n");
    lines[2] = lines[2]!.replace(/"status":"\w+"/, '"status":"exploded"');
    writeFileSync(jobs, lines.join("\n"));
    const intoEdited = target();
    const bad = await h.admin(["import", edited], intoEdited);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/jobs\.jsonl line 3: status: Invalid option/);
    expect(await empty(intoEdited)).toBe("[]");

    const truncated = await exportSqlite();
    const ledger = join(truncated, "ledger.jsonl");
    writeFileSync(ledger, readFileSync(ledger, "utf8").split("\n").slice(1).join("\n"));
    const short = await h.admin(["import", truncated], target());
    expect(short.stderr).toMatch(/ledger\.jsonl holds \d+ distinct record\(s\) but the manifest says \d+: the export is incomplete or was edited/);

    const incomplete = await exportSqlite();
    unlinkSync(join(incomplete, "images.jsonl"));
    expect((await h.admin(["import", incomplete], target())).stderr).toMatch(/images\.jsonl is missing from .*, though the manifest lists images/);

    const unfinished = await exportSqlite();
    unlinkSync(join(unfinished, "manifest.json"));
    expect((await h.admin(["import", unfinished], target())).stderr).toMatch(/manifest\.json is missing or unreadable: .* is not an export, or its export did not finish/);

    expect((await h.admin(["export", unfinished])).stderr).toMatch(/is not empty: export into a new or empty directory/);
  });
});
