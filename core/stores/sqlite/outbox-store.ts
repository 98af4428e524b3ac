import type { OutboxEntry, OutboxStore } from "../../ports/store.ts";
import type { SqliteContext } from "./sqlite-context.ts";

interface OutboxRow {
  job_id: string;
  platform: string;
  created_at: number;
  available_at: number;
  lease_owner: string | null;
  delivered_at: number | null;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  jobId: row.job_id,
  platform: row.platform,
  createdAt: row.created_at,
  availableAt: row.available_at,
  leaseOwner: row.lease_owner,
  deliveredAt: row.delivered_at,
});

/** The delivery outbox (migration 4); rows are inserted by apply-effects.ts "queueDelivery". */
export function createOutboxStore(ctx: SqliteContext): OutboxStore {
  // The read and the lease share one IMMEDIATE transaction: a second process waits, then sees the lease.
  const claim = ctx.write((input: Parameters<OutboxStore["claim"]>[0]) => {
    if (!input.platforms.length || input.limit <= 0) return [];
    const platforms = JSON.stringify(input.platforms);
    const due = ctx
      .sql(
        `SELECT * FROM delivery_outbox WHERE delivered_at IS NULL AND available_at <= ?
           AND platform IN (SELECT value FROM json_each(?)) ORDER BY available_at LIMIT ?`,
      )
      .all(input.now, platforms, input.limit) as OutboxRow[];
    const lease = ctx.sql("UPDATE delivery_outbox SET lease_owner = ?, available_at = ? WHERE job_id = ?");
    const until = input.now + input.leaseMs;
    for (const row of due) lease.run(input.owner, until, row.job_id);
    return due.map((row) => toEntry({ ...row, lease_owner: input.owner, available_at: until }));
  });
  const mark = ctx.write((jobIds: readonly string[], now: number) => {
    const update = ctx.sql("UPDATE delivery_outbox SET delivered_at = ? WHERE job_id = ? AND delivered_at IS NULL");
    for (const jobId of jobIds) update.run(now, jobId);
  });
  return {
    claim: async (input) => claim(input),
    markDelivered: async (jobIds, now) => {
      if (jobIds.length) mark(jobIds, now);
    },
    get: async (jobId) => {
      const row = ctx.sql("SELECT * FROM delivery_outbox WHERE job_id = ?").get(jobId) as OutboxRow | undefined;
      return row ? toEntry(row) : null;
    },
  };
}
