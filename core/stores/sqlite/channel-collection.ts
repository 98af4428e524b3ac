import { randomBytes } from "node:crypto";
import { newId } from "../../domain/ids.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** 18 random bytes: 24 URL-safe characters, unguessable behind /c/<token>. */
function newShareToken(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * The id of a channel's shared collection, created on first use: public to the channel, with a
 * share token (whether /c/<token> answers is the workspace's sharingEnabled setting). Runs inside
 * the caller's transaction (ensureForChannel, or complete when it files a job's images).
 */
export function ensureChannelCollection(
  ctx: SqliteContext,
  input: { workspaceId: string; channelKey: string; name: string; now: number },
): string {
  const existing = ctx
    .sql("SELECT id FROM collections WHERE workspace_id = ? AND channel_key = ?")
    .pluck()
    .get(input.workspaceId, input.channelKey) as string | undefined;
  if (existing) return existing;
  const id = newId("col", input.now);
  ctx
    .sql(
      `INSERT INTO collections (id, kind, workspace_id, channel_key, name, share_token, is_public, created_at, updated_at)
       VALUES (?, 'channel', ?, ?, ?, ?, 1, ?, ?)`,
    )
    .run(id, input.workspaceId, input.channelKey, input.name, newShareToken(), input.now, input.now);
  return id;
}
