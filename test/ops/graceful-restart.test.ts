import type { ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProduct } from "../../bots/start-product.ts";
import { loadConfig } from "../../core/config/load-config.ts";
import type { Job } from "../../core/domain/job.ts";
import type { Store } from "../../core/ports/store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { collect, productEnv, waitForLog } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";
import { startProductProcess } from "./product-process.ts";

const JOBS = 40;
const IMAGES_PER_JOB = 4;

async function jobsNow(store: Store, ids: string[]): Promise<Job[]> {
  return (await Promise.all(ids.map((id) => store.jobs.get(id)))).map((job) => job!);
}

/** Polls the shared SQLite file (WAL: readers beside the product's writer) until `done`, bounded. */
async function until(store: Store, ids: string[], done: (jobs: Job[]) => boolean, timeoutMs: number): Promise<Job[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await jobsNow(store, ids);
    if (done(jobs)) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs did not get there in ${timeoutMs} ms: ${jobs.map((j) => j.status).join(",")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function pngFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith(".png") && !f.name.startsWith(".")).length;
}

describe("SIGTERM in the middle of work, then a restart", () => {
  const dir = tempDir("pixorly-restart-");
  // No grace period: jobs in flight at SIGTERM are aborted and must be released, not lost.
  const env = productEnv(dir.path, { DEFAULT_PLAN: "ENTERPRISE", WORKER_CONCURRENCY: "4", SHUTDOWN_GRACE_MS: "0" });
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGKILL");
    dir.remove();
  });

  it("exits 0, loses no job and charges each exactly once", async () => {
    // Queue the jobs through the product's own composition with workers off.
    const queuer = await startProduct(loadConfig({ ...env, WORKERS: "false", LOG_LEVEL: "silent" }));
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const submitted = await queuer.engine.submit({
        actor: { platform: "discord", workspaceExternalId: "g1", workspaceName: "Guild", userExternalId: "u1", userName: "u1", platformAdmin: false },
        source: "discord",
        idempotencyKey: `interaction-${i}`,
        channelKey: "discord:g1/c1",
        replyTarget: null,
        request: { prompt: `lighthouse number ${i}`, count: IMAGES_PER_JOB },
      });
      if (!submitted.ok) throw new Error(submitted.error.code);
      ids.push(submitted.value.job.id);
    }
    await queuer.stop();

    const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
    try {
      const first = startProductProcess(env);
      children.push(first);
      await waitForLog(first, (l) => typeof l.msg === "string" && l.msg.startsWith("front ends on"));
      await until(store, ids, (jobs) => jobs.filter((j) => j.status === "completed").length >= 3, 30_000);
      const firstExit = collect(first, 30_000);
      first.kill("SIGTERM");
      expect((await firstExit).code).toBe(0);

      const stopped = await jobsNow(store, ids);
      expect(stopped.filter((j) => j.status === "processing")).toEqual([]);
      expect(stopped.some((j) => j.status === "pending"), "SIGTERM came after all the work").toBe(true);
      // Jobs that were running when the signal came went back to the queue without spending an attempt.
      const released = stopped.filter((j) => j.status === "pending" && j.startedAt !== null);
      expect(released.length).toBeGreaterThan(0);
      for (const job of released) expect(job.attempts).toBe(0);

      const second = startProductProcess(env, ["--role=worker"]);
      children.push(second);
      const done = await until(store, ids, (jobs) => jobs.every((j) => j.status === "completed"), 60_000);
      const secondExit = collect(second, 30_000);
      second.kill("SIGTERM");
      expect((await secondExit).code).toBe(0);

      for (const job of done) expect(job).toMatchObject({ attempts: 1, creditsCharged: IMAGES_PER_JOB, creditsRefunded: 0 });
      const workspaceId = done[0]!.workspaceId;
      const ledger = await store.credits.list(workspaceId, 1_000);
      const charges = ledger.filter((e) => e.kind === "charge");
      expect(charges.map((e) => e.jobId).sort()).toEqual([...ids].sort());
      expect(charges.every((e) => e.amount === -IMAGES_PER_JOB)).toBe(true);
      expect(ledger.filter((e) => e.kind === "refund")).toEqual([]);
      expect((await store.workspaces.get(workspaceId))!.balance).toBe(await store.credits.ledgerSum(workspaceId));
      // Every job has its images once, and aborted attempts left no files behind.
      const images = await Promise.all(ids.map((id) => store.images.listForJob(id)));
      expect(images.every((list) => list.length === IMAGES_PER_JOB)).toBe(true);
      expect(pngFiles(join(dir.path, "images"))).toBe(JOBS * IMAGES_PER_JOB);
    } finally {
      await store.close();
    }
  }, 120_000);
});
