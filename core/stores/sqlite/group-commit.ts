import type Database from "better-sqlite3";
import { CodedError } from "../../domain/errors.ts";

/**
 * The code a caller gets when its batch could not be committed (BEGIN or COMMIT failed, e.g.
 * SQLITE_BUSY past the busy timeout, disk full): nothing of the batch was written, so the
 * same call may simply be made again.
 */
export const BATCH_NOT_COMMITTED = "STORE_RETRY";

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /**
   * Runs `work` inside the next shared IMMEDIATE transaction, in its own savepoint, and
   * settles only after that transaction committed. `work` must be synchronous (better-sqlite3).
   */
  run<R>(work: () => R): Promise<R>;
  /** Calls waiting for the next flush (for tests and metrics). */
  readonly queued: number;
  /** Batches committed so far (for tests and metrics). */
  readonly commits: number;
}

/**
 * Group commit: calls made while the event loop is busy (concurrent requests, workers finishing
 * together) share one BEGIN IMMEDIATE ... COMMIT, so they share one WAL append and one write
 * lock instead of paying both each. better-sqlite3 is synchronous, so the queue is flushed on
 * the next setImmediate: everything queued by the callbacks of one event-loop turn goes
 * together, and a lone call waits no longer than one turn.
 *
 * Each call runs in its own SAVEPOINT, so one that throws rolls back only its own writes and
 * only its caller sees the error; the others still commit. Nobody is answered before COMMIT
 * returned; if BEGIN or COMMIT fails, the whole batch is rolled back and every caller in it
 * gets a retryable BATCH_NOT_COMMITTED error (nothing was charged or written for any of them).
 */
export function createGroupCommit(db: Database.Database, options: { maxBatch?: number } = {}): GroupCommit {
  const maxBatch = options.maxBatch ?? 256;
  let queue: Pending[] = [];
  let scheduled = false;
  let commits = 0;
  const begin = db.prepare("BEGIN IMMEDIATE");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const savepoint = db.prepare("SAVEPOINT batch_member");
  const release = db.prepare("RELEASE batch_member");
  const rollbackTo = db.prepare("ROLLBACK TO batch_member");

  /** Undoes the current member's writes; false if SQLite refused (then the batch is lost). */
  const undo = (): boolean => {
    try {
      rollbackTo.run();
      release.run();
      return true;
    } catch {
      return false;
    }
  };

  const flush = () => {
    scheduled = false;
    while (queue.length) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
      flushBatch(batch);
    }
  };

  const flushBatch = (batch: Pending[]) => {
    // Another caller on this connection left a transaction open (it cannot, as every write on
    // it is synchronous): run inside it rather than fail, as nested db.transaction() would.
    const outer = !db.inTransaction;
    try {
      if (outer) begin.run();
    } catch (error) {
      for (const p of batch) p.reject(notCommitted(error));
      return;
    }
    const outcomes: { ok: boolean; value: unknown }[] = [];
    for (const p of batch) {
      savepoint.run();
      try {
        const value = p.work();
        release.run();
        outcomes.push({ ok: true, value });
      } catch (error) {
        // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) make SQLite roll the whole transaction
        // back itself: then the members before this one are gone too, and all must retry.
        if (!db.inTransaction || !undo()) {
          if (db.inTransaction) rollback.run();
          for (const q of batch) q.reject(notCommitted(error));
          return;
        }
        outcomes.push({ ok: false, value: error });
      }
    }
    if (outer) {
      try {
        commit.run();
        commits += 1;
      } catch (error) {
        if (db.inTransaction) rollback.run();
        for (const p of batch) p.reject(notCommitted(error));
        return;
      }
    }
    batch.forEach((p, i) => (outcomes[i]!.ok ? p.resolve(outcomes[i]!.value) : p.reject(outcomes[i]!.value)));
  };

  return {
    run<R>(work: () => R): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    get queued() {
      return queue.length;
    },
    get commits() {
      return commits;
    },
  };
}

function notCommitted(cause: unknown): CodedError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new CodedError(BATCH_NOT_COMMITTED, `the store could not commit this write, nothing was saved; try again (${message})`, {
    cause,
  });
}
