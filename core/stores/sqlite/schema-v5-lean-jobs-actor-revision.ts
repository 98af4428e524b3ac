/**
 * Migration 5 (#17): fewer pages per job commit, and a revision that tells a cached actor
 * (core/engine/actor-cache.ts) whether anything it holds changed, in this process or another.
 *
 * Job indexes. Every index a job transition touches is one more B-tree page per commit. No
 * query reads finished jobs by status or a workspace's jobs without the user, so:
 * - generation_jobs_by_status becomes generation_jobs_active: the same key, only pending and
 *   processing rows (claim, queue positions, running counts and the janitor read nothing else).
 *   A completion now deletes from it instead of moving the row to a "completed" slot, and the
 *   index stays as small as the queue instead of growing with the history.
 * - generation_jobs_by_member_status becomes generation_jobs_pending_by_member: submit's queue
 *   cap is its only reader, so it holds pending rows only and a completion never touches it.
 * - generation_jobs_by_workspace goes: jobs.list always names the user (by_user serves it) and
 *   every other per-workspace read goes through generation_jobs_active.
 * Usage and ledger indexes stay: their indexed columns never change after the row's insert
 * (once per member per day; once per booking), so they cost nothing on the job's later commits.
 * test/stores/sqlite-query-plans.test.ts holds every hot query to an index.
 *
 * Actor revision. workspaces.actor_revision is bumped by triggers whenever anything a resolved
 * actor carries changes: the workspace's own columns (not balance, storage_used_bytes,
 * pending_jobs, last_served_seq or updated_at, which move with every job and which the cache
 * reads fresh), any of its members, and the users and identities behind them. Triggers rather
 * than code paths, so a write from any module or any process (an admin command, forget, an
 * import) is seen. A column added to workspaces, members or users later must join these lists.
 */
export const SCHEMA_V5_LEAN_JOBS_ACTOR_REVISION = `
DROP INDEX generation_jobs_by_status;
CREATE INDEX generation_jobs_active ON generation_jobs (status, workspace_id, seq)
  WHERE status = 'pending' OR status = 'processing';
DROP INDEX generation_jobs_by_member_status;
CREATE INDEX generation_jobs_pending_by_member ON generation_jobs (member_id) WHERE status = 'pending';
DROP INDEX generation_jobs_by_workspace;

ALTER TABLE workspaces ADD COLUMN actor_revision INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER workspaces_actor_revision
  AFTER UPDATE OF platform, external_id, name, plan, storage_quota_bytes, settings, active,
    stripe_customer_id, stripe_subscription_id, created_at ON workspaces
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1 WHERE id = NEW.id;
END;
CREATE TRIGGER members_actor_revision_update AFTER UPDATE ON members
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1 WHERE id IN (OLD.workspace_id, NEW.workspace_id);
END;
CREATE TRIGGER members_actor_revision_delete AFTER DELETE ON members
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1 WHERE id = OLD.workspace_id;
END;
CREATE TRIGGER users_actor_revision
  AFTER UPDATE OF id, clerk_id, email, display_name, image_url, preferences, created_at, updated_at ON users
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1
    WHERE id IN (SELECT workspace_id FROM members WHERE user_id IN (OLD.id, NEW.id));
END;
CREATE TRIGGER identities_actor_revision_update AFTER UPDATE ON identities
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1
    WHERE id IN (SELECT workspace_id FROM members WHERE user_id IN (OLD.user_id, NEW.user_id));
END;
CREATE TRIGGER identities_actor_revision_delete AFTER DELETE ON identities
BEGIN
  UPDATE workspaces SET actor_revision = actor_revision + 1
    WHERE id IN (SELECT workspace_id FROM members WHERE user_id = OLD.user_id);
END;
`;
