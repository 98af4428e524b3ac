/**
 * The worker thread behind wal-checkpointer.ts: its own connection to the database file, which
 * copies committed WAL pages into the database (PASSIVE: never waits for, nor blocks, the
 * writers and readers of the bots' connections) whenever the WAL has grown, so no commit on the
 * event loop ever pays for a checkpoint's copy and fsyncs.
 */
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const { file, intervalMs, minPages } = workerData as { file: string; intervalMs: number; minPages: number };
const db = new Database(file);
db.pragma("busy_timeout = 1000");
// This connection never writes; its own automatic checkpoints would never run anyway.
db.pragma("wal_autocheckpoint = 0");

const tick = () => {
  try {
    // A NOOP probe first ({log: frames in the WAL, checkpointed: frames already copied}): PASSIVE
    // runs only when enough has piled up, so an idle store costs a header read per interval.
    const probe = (db.pragma("wal_checkpoint(NOOP)") as { log: number; checkpointed: number }[])[0];
    if (probe && probe.log - probe.checkpointed >= minPages) db.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy or closing: the next tick tries again; the bots' connections still checkpoint themselves past their own limit.
  }
};
const timer = setInterval(tick, intervalMs);
parentPort?.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
