import { newId } from "../../domain/ids.ts";
import type { CollectionStore } from "../../ports/store.ts";
import { ensureChannelCollection } from "./channel-collection.ts";
import { toCollection, toImage, type CollectionRow, type ImageRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

const SELECT_COLLECTION = `
  SELECT collections.*, (SELECT count(*) FROM collection_images WHERE collection_id = collections.id) AS image_count
  FROM collections`;

export function createCollectionStore(ctx: SqliteContext): CollectionStore {
  const getRow = (id: string) => ctx.sql(`${SELECT_COLLECTION} WHERE id = ?`).get(id) as CollectionRow | undefined;
  const load = (id: string) => {
    const row = getRow(id);
    return row ? toCollection(row) : null;
  };

  /** Also follows channel renames, and replaces the channel key complete() named it with. */
  const ensureForChannel = ctx.write((input: Parameters<CollectionStore["ensureForChannel"]>[0]) => {
    const id = ensureChannelCollection(ctx, input);
    ctx.sql("UPDATE collections SET name = ?, updated_at = ? WHERE id = ? AND name <> ?").run(input.name, input.now, id, input.name);
    return toCollection(getRow(id)!);
  });

  /** Personal collections start unshared: they may hold private images. */
  const insertPersonal = (kind: "saved" | "custom", input: { workspaceId: string; userId: string | null; name: string; now: number }) => {
    const id = newId("col", input.now);
    ctx
      .sql("INSERT INTO collections (id, kind, workspace_id, user_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(id, kind, input.workspaceId, input.userId, input.name, input.now, input.now);
    return toCollection(getRow(id)!);
  };

  /** Keeps the name it was created with: callers name it differently depending on where they are. */
  const ensureForUser = ctx.write((input: Parameters<CollectionStore["ensureForUser"]>[0]) => {
    const row = ctx
      .sql(`${SELECT_COLLECTION} WHERE kind = 'saved' AND workspace_id = ? AND user_id = ?`)
      .get(input.workspaceId, input.userId) as CollectionRow | undefined;
    return row ? toCollection(row) : insertPersonal("saved", input);
  });

  const create = ctx.write((input: Parameters<CollectionStore["create"]>[0]) => insertPersonal("custom", input));

  /** Images join only collections of their own workspace; another workspace's image counts as unknown. */
  const addImage = ctx.write((collectionId: string, imageId: string, addedBy: string | null, now: number) => {
    const sameWorkspace = ctx
      .sql(
        `SELECT 1 FROM collections JOIN images ON images.workspace_id = collections.workspace_id
         WHERE collections.id = ? AND images.id = ?`,
      )
      .get(collectionId, imageId);
    if (!sameWorkspace) return false;
    const linked = ctx
      .sql("INSERT OR IGNORE INTO collection_images (collection_id, image_id, added_at, added_by) VALUES (?, ?, ?, ?)")
      .run(collectionId, imageId, now, addedBy);
    if (linked.changes > 0) ctx.sql("UPDATE collections SET updated_at = ? WHERE id = ?").run(now, collectionId);
    return true;
  });

  const removeImage = ctx.write((collectionId: string, imageId: string, now: number) => {
    const removed = ctx.sql("DELETE FROM collection_images WHERE collection_id = ? AND image_id = ?").run(collectionId, imageId);
    if (removed.changes === 0) return false;
    ctx.sql("UPDATE collections SET updated_at = ? WHERE id = ?").run(now, collectionId);
    return true;
  });

  const listImages = ctx.read((collectionId: string, page: Parameters<CollectionStore["listImages"]>[1]) => {
    const visible = page.includePrivate ? "" : "AND images.private = 0";
    const from = `FROM collection_images JOIN images ON images.id = collection_images.image_id
                  WHERE collection_images.collection_id = ? ${visible}`;
    const rows = ctx
      .sql(`SELECT images.* ${from} ORDER BY collection_images.image_id DESC LIMIT ? OFFSET ?`)
      .all(collectionId, page.limit, page.offset) as ImageRow[];
    const total = ctx.sql(`SELECT count(*) ${from}`).pluck().get(collectionId) as number;
    return { images: rows.map(toImage), total };
  });

  const setShareToken = ctx.write((collectionId: string, token: string | null, now: number) => {
    const changed = ctx.sql("UPDATE collections SET share_token = ?, updated_at = ? WHERE id = ?").run(token, now, collectionId);
    return changed.changes === 0 ? null : load(collectionId);
  });

  return {
    ensureForChannel: async (input) => ensureForChannel(input),
    ensureForUser: async (input) => ensureForUser(input),
    get: async (id) => load(id),
    getByShareToken: async (token) => {
      const row = ctx.sql(`${SELECT_COLLECTION} WHERE share_token = ?`).get(token) as CollectionRow | undefined;
      return row ? toCollection(row) : null;
    },
    listForWorkspace: async (workspaceId) =>
      (
        ctx.sql(`${SELECT_COLLECTION} WHERE workspace_id = ? ORDER BY updated_at DESC, id DESC`).all(workspaceId) as CollectionRow[]
      ).map(toCollection),
    create: async (input) => create(input),
    addImage: async (collectionId, imageId, addedBy, now) => addImage(collectionId, imageId, addedBy, now),
    removeImage: async (collectionId, imageId, now) => removeImage(collectionId, imageId, now),
    listImages: async (collectionId, page) => listImages(collectionId, page),
    setShareToken: async (collectionId, token, now) => setShareToken(collectionId, token, now),
  };
}
