/**
 * Migration 2: OAuth installations (Slack "Add to Slack"). `id` is the installation key,
 * "<platform>/<enterprise id or ->/<team id or ->", so a reinstall replaces the row. The bot
 * token is sealed by core/domain/token-cipher.ts before it gets here: no column holds a secret.
 */
export const SCHEMA_V2_INSTALLATIONS = `
-- Written by installations.save (install, reinstall); read by installations.find on every
-- event from the team; deleted on app_uninstalled / tokens_revoked.
CREATE TABLE installations (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  team_id TEXT,
  enterprise_id TEXT,
  workspace_id TEXT REFERENCES workspaces(id),
  app_id TEXT,
  bot_user_id TEXT,
  bot_id TEXT,
  bot_scopes TEXT NOT NULL DEFAULT '[]',
  encrypted_bot_token TEXT NOT NULL,
  installed_by_user_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX installations_by_team ON installations (platform, team_id);
`;
