import { utcDay } from "../../domain/usage.ts";
import type { ApiKeyStore } from "../../ports/store.ts";
import { bumpUsage } from "./bump-usage.ts";
import { toApiKey, type ApiKeyRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export function createApiKeyStore(ctx: SqliteContext): ApiKeyStore {
  const getRow = (id: string) => ctx.sql("SELECT * FROM api_keys WHERE id = ?").get(id) as ApiKeyRow | undefined;

  /** Also the writer of usage.apiRequests: each authenticated REST call is touched once. */
  const touch = ctx.write((id: string, now: number) => {
    const key = ctx
      .sql("UPDATE api_keys SET request_count = request_count + 1, last_used_at = ? WHERE id = ? RETURNING workspace_id, user_id")
      .get(now, id) as { workspace_id: string; user_id: string } | undefined;
    if (key) bumpUsage(ctx, key.workspace_id, key.user_id, utcDay(now), { apiRequests: 1 });
  });

  return {
    create: async (key) => {
      ctx
        .sql(
          `INSERT INTO api_keys (id, workspace_id, user_id, name, prefix, key_hash, scopes, rate_limit_per_minute, created_at)
           VALUES (@id, @workspaceId, @userId, @name, @prefix, @keyHash, @scopes, @rateLimitPerMinute, @createdAt)`,
        )
        .run({ ...key, scopes: JSON.stringify(key.scopes) });
      return toApiKey(getRow(key.id)!);
    },
    findByHash: async (keyHash) => {
      const row = ctx.sql("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL").get(keyHash) as
        | ApiKeyRow
        | undefined;
      return row ? toApiKey(row) : null;
    },
    list: async (workspaceId) =>
      (ctx.sql("SELECT * FROM api_keys WHERE workspace_id = ? ORDER BY created_at DESC, id DESC").all(workspaceId) as ApiKeyRow[]).map(
        toApiKey,
      ),
    revoke: async (id, now) =>
      ctx.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(now, id).changes === 1,
    touch: async (id, now) => touch(id, now),
  };
}
