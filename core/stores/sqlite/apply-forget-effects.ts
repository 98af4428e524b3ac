import type { ForgetEffect, RowKey } from "../../domain/rules/effects.ts";
import { unhandledEffect } from "../../domain/rules/effects.ts";
import { newId } from "../../domain/ids.ts";
import { applyEffects } from "./apply-effects.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** Each table forgetting touches, with its primary key columns: a RowKey is their values as a JSON array. */
const TABLES = {
  images: { name: "images", key: ["id"] },
  collections: { name: "collections", key: ["id"] },
  collectionLinks: { name: "collection_images", key: ["collection_id", "image_id"] },
  apiKeys: { name: "api_keys", key: ["id"] },
  usage: { name: "usage", key: ["workspace_id", "user_id", "date"] },
  members: { name: "members", key: ["id"] },
  identities: { name: "identities", key: ["id"] },
  users: { name: "users", key: ["id"] },
  jobs: { name: "generation_jobs", key: ["id"] },
  ledger: { name: "ledger", key: ["workspace_id", "id"] },
  workspaces: { name: "workspaces", key: ["id"] },
  installations: { name: "installations", key: ["id"] },
} as const;

type Table = keyof typeof TABLES;

/** The RowKey the SQLite store gives a row of `table` (the rule hands it back unchanged). */
export const rowKey = (...values: string[]): RowKey => JSON.stringify(values);

const where = (table: Table) => TABLES[table].key.map((column) => `${column} = ?`).join(" AND ");
const keyValues = (key: RowKey) => JSON.parse(key) as string[];

/**
 * Writes what rules/forget.ts decided, in the caller's transaction and in list order. Nothing
 * here decides; a key that matches no row means the snapshot and the tables disagree, which
 * throws and rolls the whole forgetting back.
 */
export function applyForgetEffects(ctx: SqliteContext, effects: readonly ForgetEffect[]): void {
  for (const effect of effects) {
    switch (effect.type) {
      case "usage":
      case "storage":
        applyEffects(ctx, [effect]);
        break;
      case "ensureTombstone":
        ctx
          .sql("INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
          .run(effect.userId, effect.displayName, effect.now, effect.now);
        for (const workspaceId of effect.workspaceIds) {
          if (ctx.sql("SELECT 1 FROM members WHERE workspace_id = ? AND user_id = ?").get(workspaceId, effect.userId)) continue;
          ctx
            .sql("INSERT INTO members (id, workspace_id, user_id, role, created_at) VALUES (?, ?, ?, 'member', ?)")
            .run(newId("mem", effect.now), workspaceId, effect.userId, effect.now);
        }
        break;
      case "deleteRows": {
        // Links of a deleted image or collection go with it (ON DELETE CASCADE).
        const statement = ctx.sql(`DELETE FROM ${TABLES[effect.table].name} WHERE ${where(effect.table)}`);
        for (const key of effect.keys) expectOne(statement.run(...keyValues(key)).changes, effect.table, key);
        break;
      }
      case "repointRows": {
        if (effect.table === "jobs") {
          const statement = ctx.sql(
            `UPDATE generation_jobs SET user_id = @userId, prompt = @prompt, negative_prompt = @negativePrompt, reply_target = @replyTarget,
               input_image_key = @inputImageKey,
               member_id = (SELECT m.id FROM members m WHERE m.workspace_id = generation_jobs.workspace_id AND m.user_id = @userId)
             WHERE id = @id`,
          );
          const { prompt, negativePrompt, replyTarget, inputImageKey } = effect.scrub;
          const scrub = { userId: effect.userId, prompt, negativePrompt, inputImageKey, replyTarget: replyTarget === null ? null : JSON.stringify(replyTarget) };
          for (const key of effect.keys) expectOne(statement.run({ ...scrub, id: keyValues(key)[0] }).changes, effect.table, key);
          break;
        }
        const column = effect.table === "ledger" ? "user_id" : "added_by";
        const statement = ctx.sql(`UPDATE ${TABLES[effect.table].name} SET ${column} = ? WHERE ${where(effect.table)}`);
        for (const key of effect.keys) expectOne(statement.run(effect.userId, ...keyValues(key)).changes, effect.table, key);
        break;
      }
      case "setCollaborators":
        expectOne(
          ctx.sql("UPDATE collections SET collaborator_user_ids = ? WHERE id = ?").run(JSON.stringify(effect.userIds), keyValues(effect.key)[0]).changes,
          "collections",
          effect.key,
        );
        break;
      case "closeWorkspace":
        expectOne(
          ctx.sql("UPDATE workspaces SET name = ?, active = 0, updated_at = ? WHERE id = ?").run(effect.name, effect.now, keyValues(effect.key)[0]).changes,
          "workspaces",
          effect.key,
        );
        break;
      case "clearInstaller":
        expectOne(ctx.sql("UPDATE installations SET installed_by_user_id = NULL WHERE id = ?").run(keyValues(effect.key)[0]).changes, "installations", effect.key);
        break;
      default:
        unhandledEffect(effect);
    }
  }
}

function expectOne(changes: number, table: Table, key: RowKey): void {
  if (changes !== 1) throw new Error(`forget: no ${table} row ${key}`);
}
