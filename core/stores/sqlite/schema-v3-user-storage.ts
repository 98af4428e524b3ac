/**
 * Migration 3: the per-user storage total Convex already keeps (users.storageUsedBytes), so
 * both stores apply the same completion and deletion effects (core/domain/rules/effects.ts
 * "storage"). Written with every image insert and delete; read by the admin footprint.
 */
export const SCHEMA_V3_USER_STORAGE = `
ALTER TABLE users ADD COLUMN storage_used_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE users SET storage_used_bytes = coalesce((SELECT sum(bytes) FROM images WHERE images.user_id = users.id), 0);
`;
