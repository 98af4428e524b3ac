import Database from "better-sqlite3";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/**
 * The floor for the engine bench: the rows one job writes (job insert, ledger charge and
 * balance, usage counters, claim, image insert, completion, usage again), written by a plain
 * loop of prepared statements with the same journal settings and one transaction per step, as
 * the engine does. No validation, scheduling, leases, storage or delivery.
 *
 * With `images`, each job also writes its image file as local-disk storage does (a temporary
 * file, then a rename to the key's path, one directory per workspace), synchronously: the floor
 * for the engine on local disk, the same rows and the same files.
 */
export function plainSqliteFloor(
  file: string,
  jobs: number,
  images?: { dir: string; bytes: Uint8Array },
): { jobsPerSecond: number; jobsPerCpuSecond: number; msPerJob: number } {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(`
    CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER, workspace TEXT, status TEXT, prompt TEXT, lease TEXT, created INTEGER, finished INTEGER);
    CREATE INDEX jobs_status ON jobs (status, workspace, seq);
    CREATE TABLE ledger (id TEXT PRIMARY KEY, workspace TEXT, amount INTEGER, dedupe TEXT UNIQUE, created INTEGER);
    CREATE TABLE balances (workspace TEXT PRIMARY KEY, balance INTEGER);
    CREATE TABLE usage (workspace TEXT, day TEXT, requested INTEGER, completed INTEGER, PRIMARY KEY (workspace, day));
    CREATE TABLE images (id TEXT PRIMARY KEY, job TEXT, key TEXT, bytes INTEGER, created INTEGER);
  `);
  const insertJob = db.prepare("INSERT INTO jobs VALUES (?, ?, ?, 'pending', ?, NULL, ?, NULL)");
  const charge = db.prepare("INSERT INTO ledger VALUES (?, ?, -1, ?, ?)");
  const balance = db.prepare("INSERT INTO balances VALUES (?, 1000000 - 1) ON CONFLICT (workspace) DO UPDATE SET balance = balance - 1");
  const requested = db.prepare("INSERT INTO usage VALUES (?, '2026-11-26', 1, 0) ON CONFLICT DO UPDATE SET requested = requested + 1");
  const claim = db.prepare("UPDATE jobs SET status = 'processing', lease = 'w' WHERE id = (SELECT id FROM jobs WHERE status = 'pending' AND workspace = ? ORDER BY seq LIMIT 1) RETURNING id");
  const image = db.prepare("INSERT INTO images VALUES (?, ?, ?, 65536, ?)");
  const complete = db.prepare("UPDATE jobs SET status = 'completed', finished = ? WHERE id = ? AND lease = 'w'");
  const done = db.prepare("UPDATE usage SET completed = completed + 1 WHERE workspace = ? AND day = '2026-11-26'");

  const submit = db.transaction((i: number, ws: string) => {
    insertJob.run(`job${i}`, i, ws, `bench job ${i}`, Date.now());
    charge.run(`led${i}`, ws, `charge:job${i}`, Date.now());
    balance.run(ws);
    requested.run(ws);
  });
  const madeDirs = new Set<string>();
  const store = (id: string, ws: string) => {
    if (!images) return;
    const dir = join(images.dir, ws);
    if (!madeDirs.has(dir)) madeDirs.add(mkdirSync(dir, { recursive: true }) ?? dir);
    writeFileSync(join(dir, `.${id}.tmp`), images.bytes);
    renameSync(join(dir, `.${id}.tmp`), join(dir, `${id}.png`));
  };
  const finish = db.transaction((id: string, ws: string) => {
    image.run(`img-${id}`, id, `${ws}/${id}/0.png`, Date.now());
    complete.run(Date.now(), id);
    done.run(ws);
  });

  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < jobs; i++) submit.immediate(i, `w${i % 20}`);
  for (let i = 0; i < jobs; i++) {
    const ws = `w${i % 20}`;
    const row = db.transaction(() => claim.get(ws) as { id: string })();
    store(row.id, ws);
    finish.immediate(row.id, ws);
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  db.close();
  return { jobsPerSecond: jobs / (ms / 1000), jobsPerCpuSecond: jobs / ((cpu.user + cpu.system) / 1e6), msPerJob: ms / jobs };
}
