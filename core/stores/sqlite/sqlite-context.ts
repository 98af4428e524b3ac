import type Database from "better-sqlite3";
import { createGroupCommit } from "./group-commit.ts";

/** What every table module gets: a statement cache and transaction wrappers on one connection. */
export interface SqliteContext {
  /** Prepares `text` once per connection; later calls return the same statement. */
  sql(text: string): Database.Statement;
  /**
   * Wraps `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before the first read,
   * so another process cannot change what `fn` read before it writes (no lost updates, no
   * SQLITE_BUSY upgrade failures). Called inside another transaction it becomes a savepoint.
   */
  write<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /**
   * Like `write`, but the call joins the connection's next group commit (group-commit.ts): it
   * runs in its own savepoint inside a write transaction shared with the other calls queued in
   * the same event-loop turn, and settles after that transaction committed.
   */
  batched<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<R>;
  /** A deferred (read) transaction, for reads that need one consistent snapshot. */
  read<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
}

export function createSqliteContext(db: Database.Database): SqliteContext {
  const statements = new Map<string, Database.Statement>();
  const group = createGroupCommit(db);
  return {
    sql(text) {
      let statement = statements.get(text);
      if (!statement) {
        statement = db.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
    write(fn) {
      const transaction = db.transaction(fn);
      return (...args) => transaction.immediate(...args);
    },
    batched(fn) {
      return (...args) => group.run(() => fn(...args));
    },
    read(fn) {
      const transaction = db.transaction(fn);
      return (...args) => transaction.deferred(...args);
    },
  };
}
