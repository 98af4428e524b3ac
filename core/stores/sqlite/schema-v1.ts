/**
 * Migration 1: the whole schema. Ids are application-level TEXT (core/domain/ids.ts) so rows can
 * move to Convex unchanged; times are INTEGER epoch ms from the engine's clock; JSON is TEXT.
 * Who writes and who reads each table is noted above it.
 *
 * Every B-tree a transaction touches is at least one page appended to the WAL at commit, which
 * is most of what a write costs here. Hence small-row tables keyed by their TEXT or composite
 * key are WITHOUT ROWID (one B-tree instead of a table plus a key index), and the hot tables
 * carry only the indexes a query needs.
 */
export const SCHEMA_V1 = `
-- Written by workspaces.ensureMember (first sighting of a platform user); read by getUser.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  clerk_id TEXT UNIQUE,
  email TEXT,
  display_name TEXT,
  image_url TEXT,
  preferences TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per platform account behind a user (Discord user, Slack user, console, Clerk).
-- Written by ensureMember; read by findUserByIdentity.
CREATE TABLE identities (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  UNIQUE (platform, external_id)
);
CREATE INDEX identities_by_user ON identities (user_id);

-- The billing account. balance is a cache of the ledger sum, moved only in the transaction that
-- appends the ledger row. pending_jobs (moved with every job entering or leaving pending) and
-- last_served_seq (stamped by claim) exist for claim's fair scheduling and are read only by it.
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  plan TEXT NOT NULL,
  balance INTEGER NOT NULL CHECK (balance >= 0),
  storage_used_bytes INTEGER NOT NULL DEFAULT 0,
  storage_quota_bytes INTEGER NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  active INTEGER NOT NULL DEFAULT 1,
  stripe_customer_id TEXT,
  stripe_subscription_id TEXT,
  pending_jobs INTEGER NOT NULL DEFAULT 0,
  last_served_seq INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (platform, external_id)
);
-- claim's candidates, least recently served first; only workspaces with queued work are in it.
CREATE INDEX workspaces_by_turn ON workspaces (last_served_seq, id) WHERE pending_jobs > 0;

-- Written by ensureMember/updateMember; read by submit (ban) and the admin commands.
CREATE TABLE members (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  daily_cap_override INTEGER,
  banned INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (workspace_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

-- The queue and the job history. Inserted by submit; status, lease and error fields are written
-- by claim/heartbeat/complete/fail/release/cancel and the janitor (requeueExpired, failStale).
-- seq is the rowid, so every index on the table ends in FIFO order. SQLite issues max + 1, and
-- jobs are never deleted, so it only grows, which queue positions rely on. (Pruning old jobs
-- must keep the newest row, or switch to AUTOINCREMENT at the cost of a page per insert.)
CREATE TABLE generation_jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  source TEXT NOT NULL,
  idempotency_key TEXT,
  status TEXT NOT NULL,
  prompt TEXT NOT NULL,
  negative_prompt TEXT,
  model TEXT NOT NULL,
  provider TEXT NOT NULL,
  aspect_ratio TEXT NOT NULL,
  count INTEGER NOT NULL,
  seed INTEGER NOT NULL,
  private INTEGER NOT NULL,
  channel_key TEXT,
  parent_job_id TEXT,
  credits_charged INTEGER NOT NULL,
  credits_refunded INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  next_run_at INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  reply_target TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  provider_ms INTEGER,
  upload_ms INTEGER,
  provider_cost_usd REAL
);
CREATE UNIQUE INDEX generation_jobs_by_idempotency_key ON generation_jobs (workspace_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
-- claim (FIFO within a workspace), its per-workspace running counts, list by status, and the
-- janitor's scans of processing (few: one per busy worker slot) and pending jobs. Every index
-- holding status is rewritten on each transition, so there are only two.
CREATE INDEX generation_jobs_by_status ON generation_jobs (status, workspace_id, seq);
-- submit's queue cap and claim's running cap.
CREATE INDEX generation_jobs_by_member_status ON generation_jobs (member_id, status);
CREATE INDEX generation_jobs_by_workspace ON generation_jobs (workspace_id, seq);
CREATE INDEX generation_jobs_by_user ON generation_jobs (workspace_id, user_id, seq);

-- Written by complete (one row per stored image), deleted by images.delete. Read by galleries,
-- collections and prompt search (a scan of one workspace's rows, see prompt-match.ts).
CREATE TABLE images (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES generation_jobs(id),
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  idx INTEGER NOT NULL,
  storage_key TEXT NOT NULL,
  url TEXT NOT NULL,
  content_type TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  model TEXT NOT NULL,
  seed INTEGER NOT NULL,
  aspect_ratio TEXT NOT NULL,
  private INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX images_by_job ON images (job_id, idx);
CREATE INDEX images_by_workspace ON images (workspace_id, id);
CREATE INDEX images_by_user_created ON images (workspace_id, user_id, id);

-- kind: "channel" (a channel's shared collection; created by complete/ensureForChannel),
-- "saved" (a member's own, one per member; ensureForUser) or "custom" (create). Read by the
-- gallery pages (/c/<share token>) and the bots' collection commands.
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT REFERENCES users(id),
  channel_key TEXT,
  name TEXT NOT NULL,
  description TEXT,
  share_token TEXT,
  is_public INTEGER NOT NULL DEFAULT 0,
  collaborator_user_ids TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (workspace_id, channel_key)
);
CREATE UNIQUE INDEX collections_by_share_token ON collections (share_token);
CREATE UNIQUE INDEX collections_saved_by_user ON collections (workspace_id, user_id) WHERE kind = 'saved';
CREATE INDEX collections_by_workspace_updated ON collections (workspace_id, updated_at);

-- Links written by addImage/complete, removed by removeImage and images.delete. Pages walk the
-- primary key backwards: image ids are ULIDs, so that is newest image first.
CREATE TABLE collection_images (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  added_by TEXT,
  PRIMARY KEY (collection_id, image_id)
) WITHOUT ROWID;
CREATE INDEX collection_images_by_image ON collection_images (image_id);

-- Written by apiKeys.create/revoke/touch; read by the REST API's authentication (findByHash).
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  rate_limit_per_minute INTEGER NOT NULL,
  request_count INTEGER NOT NULL DEFAULT 0,
  last_used_at INTEGER,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE UNIQUE INDEX api_keys_by_key_hash ON api_keys (key_hash);
CREATE INDEX api_keys_by_prefix ON api_keys (prefix);
CREATE INDEX api_keys_by_workspace ON api_keys (workspace_id, created_at);

-- Daily counters per member, bumped by every job transition and by apiKeys.touch. Read by
-- submit (daily cap) and /credits.
CREATE TABLE usage (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  date TEXT NOT NULL,
  requested INTEGER NOT NULL DEFAULT 0,
  completed INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  images INTEGER NOT NULL DEFAULT 0,
  credits_charged INTEGER NOT NULL DEFAULT 0,
  credits_refunded INTEGER NOT NULL DEFAULT 0,
  storage_bytes INTEGER NOT NULL DEFAULT 0,
  api_requests INTEGER NOT NULL DEFAULT 0,
  provider_cost_usd REAL NOT NULL DEFAULT 0,
  models TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (workspace_id, user_id, date)
) WITHOUT ROWID;
CREATE INDEX usage_by_user_date ON usage (user_id, date);
CREATE INDEX usage_by_date ON usage (date);
CREATE INDEX usage_by_workspace_date ON usage (workspace_id, date);

-- Append-only credit movements (ensure, credits.append/refill, submit, refunds). Never updated.
-- Keyed by workspace first: list and ledgerSum read one workspace's entries in key order.
CREATE TABLE ledger (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  id TEXT NOT NULL,
  user_id TEXT,
  job_id TEXT,
  kind TEXT NOT NULL,
  amount INTEGER NOT NULL,
  balance_after INTEGER NOT NULL,
  reason TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, id)
) WITHOUT ROWID;

-- Refill periods already handled, including those where nothing was due and the one the
-- workspace was created in (its grant is that month's allowance). Written and read by refill.
CREATE TABLE refills (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id),
  period TEXT NOT NULL,
  amount INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workspace_id, period)
) WITHOUT ROWID;

-- Store-wide sequences, written inside the transactions that use them:
--   jobs_dequeued: jobs that left pending (claim, cancel, failStale) minus jobs put back
--     (fail with retry, release, requeueExpired), so the last seq issued minus it is the
--     number of pending jobs;
--   workspaces_served: claim's round counter, copied into workspaces.last_served_seq.
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters (name, value) VALUES ('jobs_dequeued', 0), ('workspaces_served', 0);
`;
