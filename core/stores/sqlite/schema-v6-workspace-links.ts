/**
 * Migration 6: workspace links (#19, rules/link.ts). `link_codes` keeps one-time codes by their
 * SHA-256 hash only; `workspace_links` one row per link, kept after unlinking as the record of
 * the split. The partial unique indexes hold "at most one active link per workspace and role";
 * the rule also refuses a workspace that is active in the other role. `joiner_net` is moved by
 * append-ledger-entry.ts with every booking routed from the joiner to the pool.
 */
export const SCHEMA_V6_WORKSPACE_LINKS = `
CREATE TABLE link_codes (
  code_hash TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  link_id TEXT
);
CREATE TABLE workspace_links (
  id TEXT PRIMARY KEY,
  owner_workspace_id TEXT NOT NULL,
  joiner_workspace_id TEXT NOT NULL,
  joiner_label TEXT NOT NULL,
  contributed INTEGER NOT NULL,
  joiner_net INTEGER NOT NULL,
  linked_at INTEGER NOT NULL,
  unlinked_at INTEGER,
  owner_kept INTEGER,
  joiner_kept INTEGER
);
CREATE UNIQUE INDEX workspace_links_active_owner ON workspace_links (owner_workspace_id) WHERE unlinked_at IS NULL;
CREATE UNIQUE INDEX workspace_links_active_joiner ON workspace_links (joiner_workspace_id) WHERE unlinked_at IS NULL;
`;
