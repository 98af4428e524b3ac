/**
 * Migration 4: the delivery outbox (#14). One row per job that ended with a reply target,
 * inserted by the effect applier in the transaction that ended the job (rules/delivery.ts);
 * claimed and marked delivered by outbox-store.ts. Rows stay after delivery (one small row per
 * finished job, like the job itself); the partial index keeps the due scan to undelivered rows.
 */
export const SCHEMA_V4_DELIVERY_OUTBOX = `
CREATE TABLE delivery_outbox (
  job_id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL,
  lease_owner TEXT,
  delivered_at INTEGER
);
CREATE INDEX delivery_outbox_due ON delivery_outbox (available_at) WHERE delivered_at IS NULL;
`;
