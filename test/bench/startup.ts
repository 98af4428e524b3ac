/**
 * `npm run bench:startup [-- --before <dir>] [-- --runs 5]`: how long the product takes from
 * spawn to its first `/healthz` 200, and its resident memory at idle (the whole process tree:
 * tsx runs a second node process), started headless the way `npm start` starts it.
 *
 * Rows, all on this machine in this one run:
 * - before: `tsx bots/main.ts` on the machine's old Node (20), in `--before <dir>`, a checkout
 *   of the old way with its dependencies installed under that Node (skipped without it);
 * - tsx on Node 24: the same transpiler on this checkout, to separate the two effects;
 * - after: `node --import ./bots/node-version-guard.js bots/main.ts` on Node 24 (type stripping).
 * Prints a markdown table (medians of `--runs` starts each).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO_ROOT = resolve(import.meta.dirname, "../..");

interface Variant {
  label: string;
  cwd: string;
  node: string;
  args: string[];
}

interface Sample {
  startupMs: number;
  rssMb: number;
}

const argv = process.argv.slice(2);
const option = (name: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : undefined;
};
const runs = Number(option("runs") ?? 5);
const beforeDir = option("before");
const IDLE_MS = 3_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on("error", fail);
  });
}

/** A node binary older than 22 on PATH or in the usual places (the machine's own), if any. */
function oldNode(): string | null {
  const candidates = [...(spawnSync("which", ["-a", "node"], { encoding: "utf8" }).stdout ?? "").split("\n"), "/usr/bin/node", "/usr/local/bin/node"];
  for (const candidate of candidates.filter(Boolean)) {
    const run = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" });
    if (run.status === 0 && Number(run.stdout.split(".")[0]) < 22) return candidate;
  }
  return null;
}

/** Resident set of `pid` and all its descendants, in MB (Linux /proc). */
function treeRssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const task of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").split(" ").filter(Boolean)) visit(Number(task));
    } catch {
      // The process ended meanwhile.
    }
  };
  visit(pid);
  return kb / 1024;
}

async function untilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode} before /healthz answered`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no /healthz 200 within ${timeoutMs} ms`);
}

async function sample(variant: Variant): Promise<Sample> {
  const dataDir = mkdtempSync(join(tmpdir(), "pixorly-startup-"));
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", LOG_FORMAT: "json" };
  const started = performance.now();
  const child = spawn(variant.node, variant.args, { cwd: variant.cwd, env, stdio: [openSync("/dev/null", "r"), "ignore", "inherit"] });
  try {
    await untilHealthy(`http://127.0.0.1:${port}/healthz`, child, 60_000);
    const startupMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { startupMs, rssMb: treeRssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const version = (node: string) => spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();

const variants: Variant[] = [];
const old = oldNode();
if (beforeDir && old) variants.push({ label: "before: `tsx bots/main.ts` (the old `npm start`)", cwd: resolve(beforeDir), node: old, args: ["node_modules/tsx/dist/cli.mjs", "bots/main.ts"] });
else console.error(`No "before" row: pass --before <checkout of the tsx version, installed under Node 20>${old ? "" : " and have a Node older than 22"}.`);
variants.push({ label: "tsx on this checkout, for comparison", cwd: REPO_ROOT, node: process.execPath, args: ["node_modules/tsx/dist/cli.mjs", "bots/main.ts"] });
variants.push({ label: "after: `node bots/main.ts` (type stripping, `npm start` now)", cwd: REPO_ROOT, node: process.execPath, args: ["--import", "./bots/node-version-guard.js", "bots/main.ts"] });

const rows: string[] = [];
for (const variant of variants) {
  const samples: Sample[] = [];
  // Runs alternate with nothing else; the first start of each variant warms the disk cache too.
  for (let i = 0; i < runs; i++) samples.push(await sample(variant));
  rows.push(`| ${variant.label} | ${version(variant.node)} | ${Math.round(median(samples.map((s) => s.startupMs)))} ms | ${Math.round(median(samples.map((s) => s.rssMb)))} MB |`);
}
console.log(`| How it runs | Node | Start to /healthz 200 | RSS at idle (${IDLE_MS / 1000} s after) |\n|---|---|---|---|\n${rows.join("\n")}`);
console.log(`\nMedians of ${runs} starts each; RSS sums the process tree.`);
