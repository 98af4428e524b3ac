import type { ImageStore } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import { promptMatcher } from "./prompt-match.ts";
import { toImage, type ImageRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

export function createImageStore(ctx: SqliteContext): ImageStore {
  const getRow = (id: string) => ctx.sql("SELECT * FROM images WHERE id = ?").get(id) as ImageRow | undefined;

  const remove = ctx.write((id: string, now: number) => {
    const row = getRow(id);
    if (!row) return null;
    // Its collection links go with it (ON DELETE CASCADE).
    ctx.sql("DELETE FROM images WHERE id = ?").run(id);
    applyEffects(ctx, [{ type: "storage", workspaceId: row.workspace_id, userId: row.user_id, bytes: -row.bytes, now }]);
    return toImage(row);
  });

  /** Matching ids newest first from one pass over the workspace's visible prompts, then the page's rows. */
  const search = ctx.read((filter: Parameters<ImageStore["search"]>[0], matches: (prompt: string) => boolean) => {
    const candidates = ctx
      .sql(
        `SELECT id, prompt FROM images WHERE workspace_id = @workspaceId AND (private = 0 OR user_id = @viewerUserId)
         ORDER BY id DESC`,
      )
      .raw(true)
      .iterate(filter) as IterableIterator<[string, string]>;
    const ids: string[] = [];
    for (const [id, prompt] of candidates) if (matches(prompt)) ids.push(id);
    const page = ids.slice(filter.offset, filter.offset + filter.limit);
    const rows = ctx
      .sql("SELECT * FROM images WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id DESC")
      .all(JSON.stringify(page)) as ImageRow[];
    return { images: rows.map(toImage), total: ids.length };
  });

  return {
    get: async (id) => {
      const row = getRow(id);
      return row ? toImage(row) : null;
    },
    listForJob: async (jobId) =>
      (ctx.sql("SELECT * FROM images WHERE job_id = ? ORDER BY idx").all(jobId) as ImageRow[]).map(toImage),
    list: async (filter) => {
      const conditions = ["workspace_id = @workspaceId"];
      if (filter.userId !== undefined) conditions.push("user_id = @userId");
      if (filter.cursor !== undefined) conditions.push("id < @cursor");
      // One row past the page tells whether another page exists.
      const rows = ctx
        .sql(`SELECT * FROM images WHERE ${conditions.join(" AND ")} ORDER BY id DESC LIMIT @limit + 1`)
        .all(filter) as ImageRow[];
      const page = rows.slice(0, filter.limit).map(toImage);
      return { images: page, nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null };
    },
    search: async (filter) => {
      const matches = promptMatcher(filter.query);
      return matches ? search(filter, matches) : { images: [], total: 0 };
    },
    delete: async (id, now) => remove(id, now),
  };
}
