import type { Platform } from "../../domain/workspace.ts";
import { installationKey as keyOf, type Installation, type InstallationStore } from "../../ports/installation-store.ts";
import { openDatabase } from "./open-database.ts";
import { createSqliteContext } from "./sqlite-context.ts";

interface InstallationRow {
  id: string;
  platform: string;
  team_id: string | null;
  enterprise_id: string | null;
  workspace_id: string | null;
  app_id: string | null;
  bot_user_id: string | null;
  bot_id: string | null;
  bot_scopes: string;
  encrypted_bot_token: string;
  installed_by_user_id: string | null;
  created_at: number;
  updated_at: number;
}

function toInstallation(row: InstallationRow): Installation {
  return {
    platform: row.platform as Platform,
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    workspaceId: row.workspace_id,
    appId: row.app_id,
    botUserId: row.bot_user_id,
    botId: row.bot_id,
    botScopes: JSON.parse(row.bot_scopes) as string[],
    encryptedBotToken: row.encrypted_bot_token,
    installedByUserId: row.installed_by_user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Installations in the product's SQLite file, on a connection of their own (WAL lets it sit
 * beside the Store's). Opening migrates the file, so either may open it first.
 */
export function createSqliteInstallationStore(options: { file: string }): InstallationStore {
  const db = openDatabase(options.file);
  const ctx = createSqliteContext(db);
  return {
    save: async (installation) => {
      ctx
        .sql(
          `INSERT INTO installations (id, platform, team_id, enterprise_id, workspace_id, app_id, bot_user_id, bot_id, bot_scopes,
             encrypted_bot_token, installed_by_user_id, created_at, updated_at)
           VALUES (@id, @platform, @teamId, @enterpriseId, @workspaceId, @appId, @botUserId, @botId, @botScopes,
             @encryptedBotToken, @installedByUserId, @createdAt, @updatedAt)
           ON CONFLICT (id) DO UPDATE SET workspace_id = excluded.workspace_id, app_id = excluded.app_id,
             bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id, bot_scopes = excluded.bot_scopes,
             encrypted_bot_token = excluded.encrypted_bot_token, installed_by_user_id = excluded.installed_by_user_id,
             updated_at = excluded.updated_at`,
        )
        .run({ ...installation, id: keyOf(installation), botScopes: JSON.stringify(installation.botScopes) });
    },
    find: async (query) => {
      const own = query.teamId
        ? (ctx.sql("SELECT * FROM installations WHERE platform = ? AND team_id = ?").get(query.platform, query.teamId) as InstallationRow | undefined)
        : undefined;
      const row =
        own ??
        (query.enterpriseId
          ? (ctx
              .sql("SELECT * FROM installations WHERE platform = ? AND enterprise_id = ? AND team_id IS NULL")
              .get(query.platform, query.enterpriseId) as InstallationRow | undefined)
          : undefined);
      return row ? toInstallation(row) : null;
    },
    delete: async (key) => ctx.sql("DELETE FROM installations WHERE id = ?").run(keyOf(key)).changes === 1,
    close: async () => {
      if (db.open) db.close();
    },
  };
}
