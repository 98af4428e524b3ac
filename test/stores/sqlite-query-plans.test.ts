import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../core/stores/sqlite/open-database.ts";
import { engineHarness } from "../support/engine-harness.ts";

/** The tables every job writes to, whose indexes migration 5 cut to what queries need. */
const HOT_TABLES = ["generation_jobs", "ledger", "usage"];

/**
 * Records every statement the SQLite store prepares while the engine runs a job's whole life
 * (submit, claim, complete, cancel, listing, positions, credits, usage, the janitor, forget), then
 * asks SQLite how it would run each one: no statement may read a hot table by a full scan.
 * Recording what the store really prepares (rather than a copy of its SQL) keeps this honest
 * when a query changes.
 */
describe("SQLite query plans: every query on jobs, ledger and usage uses an index", () => {
  const prepared = new Set<string>();
  const original = Database.prototype.prepare;
  beforeEach(() => {
    Database.prototype.prepare = function (this: Database.Database, source: string) {
      prepared.add(source);
      return original.call(this, source);
    } as typeof original;
  });
  afterEach(() => {
    Database.prototype.prepare = original;
  });

  it("no statement the store prepares scans generation_jobs, ledger or usage", async () => {
    const h = await engineHarness();
    try {
      h.engine.start();
      const actor = h.actor("u1", "w1");
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const s = await h.engine.submit({ actor, source: "discord", idempotencyKey: `k${i}`, channelKey: "discord:w1/c", replyTarget: null, request: { prompt: `fox ${i}` } });
        if (!s.ok) throw new Error(s.error.message);
        ids.push(s.value.job.id);
      }
      await Promise.all(ids.map((id) => h.settled(id)));
      const queued = await h.engine.submit({ actor: h.actor("u2", "w1"), source: "discord", idempotencyKey: "again", channelKey: null, replyTarget: null, request: { prompt: "owl" } });
      if (queued.ok) await h.engine.cancel(h.actor("u2", "w1"), queued.value.job.id);
      await h.engine.listJobs(actor);
      await h.engine.credits(actor);
      await h.engine.housekeeping();
      await h.store.jobs.queueDepth();
      await h.store.usage.list({ workspaceId: (await h.engine.resolve(actor)).workspace.id, fromDate: "2000-01-01", toDate: "2100-01-01" });
      await h.engine.forgetUser({ platform: "discord", externalUserId: "u2" });
    } finally {
      await h.cleanup();
    }

    const schema = openDatabase(":memory:");
    try {
      const hot = [...prepared].filter((sql) => HOT_TABLES.some((t) => new RegExp(`\\b${t}\\b`).test(sql)) && /\bWHERE\b/i.test(sql));
      expect(hot.length, "the workload prepared no query on the hot tables").toBeGreaterThan(10);
      const scans: string[] = [];
      for (const sql of hot) {
        const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
        const positional = (sql.match(/\?/g) ?? []).length;
        const args = names.length ? [Object.fromEntries(names.map((n) => [n, null]))] : Array(positional).fill(null);
        const plan = schema.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
        for (const { detail } of plan) {
          if (HOT_TABLES.some((t) => new RegExp(`^SCAN ${t}\\b`).test(detail))) scans.push(`${detail}  <=  ${sql.replace(/\s+/g, " ")}`);
        }
      }
      expect(scans).toEqual([]);
    } finally {
      schema.close();
    }
  });
});
