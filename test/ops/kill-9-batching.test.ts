import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { benchEngine } from "../bench/bench-engine.ts";
import { REPO_ROOT } from "../e2e/run-npm-start.ts";
import { tempDir } from "../support/temp-dir.ts";

const JOBS = 300;

function child(args: string[]): { proc: ChildProcess; lines: string[]; waitFor: (match: (lines: string[]) => boolean, ms: number) => Promise<void> } {
  const proc = spawn(process.execPath, ["test/ops/crash-child.ts", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  let buffered = "";
  const listeners = new Set<() => void>();
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  const waitFor = (match: (lines: string[]) => boolean, ms: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child did not get there in ${ms} ms (${lines.length} lines)`)), ms);
      const check = () => {
        if (!match(lines)) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  return { proc, lines, waitFor };
}

function killed(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once("exit", () => resolve());
    proc.kill("SIGKILL");
  });
}

describe("kill -9 between batching steps (group-committed submits, batched claims and completions)", () => {
  const dir = tempDir("pixorly-kill9-");
  const file = join(dir.path, "pixorly.db");
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const proc of children) proc.kill("SIGKILL");
    dir.remove();
  });

  it("loses no acknowledged job and charges every job exactly once", async () => {
    // 1. Submits killed mid-stream: every acknowledged job committed; nothing is half-written.
    const submitter = child(["submit", file, dir.path, String(JOBS)]);
    children.push(submitter.proc);
    await submitter.waitFor((lines) => lines.filter((l) => l.startsWith("acked ")).length >= JOBS / 3, 60_000);
    await killed(submitter.proc);
    const acked = submitter.lines.filter((l) => l.startsWith("acked ")).map((l) => l.slice(6));

    const store = createSqliteStore({ file });
    try {
      const workspace = (await store.workspaces.findByExternal("discord", "crash"))!;
      const all = () => store.jobs.list({ workspaceId: workspace.id, limit: 10_000 });
      const queued = await all();
      const ids = new Set(queued.map((j) => j.id));
      for (const id of acked) expect(ids.has(id), `acknowledged job ${id} was lost`).toBe(true);

      // 2. Workers killed twice while claiming and completing in batches.
      for (const completedAtLeast of [queued.length / 4, queued.length / 2]) {
        const worker = child(["worker", file, dir.path]);
        children.push(worker.proc);
        await worker.waitFor((lines) => lines.includes("ready"), 60_000);
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
          if ((await all()).filter((j) => j.status === "completed").length >= completedAtLeast) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        await killed(worker.proc);
      }

      // 3. A fresh worker, after the dead ones' leases (500 ms) expired, finishes the rest.
      await new Promise((r) => setTimeout(r, 600));
      const storage = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost:3000" });
      const engine = benchEngine({ store, storage, pollIntervalMs: 5, leaseMs: 500 });
      engine.start();
      let jobs: Job[] = [];
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        await engine.housekeeping();
        jobs = await all();
        if (jobs.every((j) => j.status === "completed")) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await engine.stop(1_000);

      expect(jobs.filter((j) => j.status !== "completed").map((j) => `${j.id}:${j.status}`)).toEqual([]);
      expect(jobs.some((j) => j.attempts > 1), "no job was caught in flight by a kill").toBe(true);
      const ledger = await store.credits.list(workspace.id, 10_000);
      const charges = ledger.filter((e) => e.kind === "charge");
      expect(charges.map((e) => e.jobId).sort()).toEqual(jobs.map((j) => j.id).sort());
      for (const job of jobs) expect(charges.find((e) => e.jobId === job.id)!.amount).toBe(-job.creditsCharged);
      expect(ledger.filter((e) => e.kind === "refund")).toEqual([]);
      expect((await store.workspaces.get(workspace.id))!.balance).toBe(await store.credits.ledgerSum(workspace.id));
      for (const job of jobs) expect((await store.images.listForJob(job.id)).length).toBe(job.count);
    } finally {
      await store.close();
    }
  }, 240_000);
});
