import type { SqliteContext } from "./sqlite-context.ts";

/** How often the watch looks: an idle worker picks up another process's job within about this. */
export const WATCH_INTERVAL_MS = 5;

/**
 * Store.watchQueue for SQLite: work another process (another connection) queued. `PRAGMA
 * data_version` changes only when another connection committed, and reading it touches no
 * page, so the common idle tick costs one pragma call. On a change the watch reads the two
 * numbers behind queue depth (last seq issued, jobs_dequeued) and calls `onChange` only when
 * pending work may have appeared: a new job (seq grew) or a job put back (dequeued shrank).
 */
export function watchQueue(ctx: SqliteContext, onChange: () => void, intervalMs = WATCH_INTERVAL_MS): () => void {
  const dataVersion = ctx.sql("PRAGMA data_version").pluck();
  const lastSeq = ctx.sql("SELECT coalesce(max(seq), 0) FROM generation_jobs").pluck();
  const dequeued = ctx.sql("SELECT value FROM counters WHERE name = 'jobs_dequeued'").pluck();
  let version = dataVersion.get() as number;
  let seq = lastSeq.get() as number;
  let out = dequeued.get() as number;
  const timer = setInterval(() => {
    try {
      const nowVersion = dataVersion.get() as number;
      if (nowVersion === version) return;
      version = nowVersion;
      const nowSeq = lastSeq.get() as number;
      const nowOut = dequeued.get() as number;
      const more = nowSeq > seq || nowOut < out;
      seq = nowSeq;
      out = nowOut;
      if (more) onChange();
    } catch {
      // Closed under us or busy: the poll interval remains the safety net.
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
