import type { AdminStore } from "../../ports/store-admin.ts";
import { createApiKeyStore } from "./api-key-store.ts";
import { createCollectionStore } from "./collection-store.ts";
import { createCreditStore } from "./credit-store.ts";
import { createImageStore } from "./image-store.ts";
import { createJobStore } from "./job-store.ts";
import { createLinkStore } from "./link-store.ts";
import { openDatabase } from "./open-database.ts";
import { createOutboxStore } from "./outbox-store.ts";
import { createSqliteContext } from "./sqlite-context.ts";
import { createSqliteStoreAdmin } from "./store-admin.ts";
import { createUsageStore } from "./usage-store.ts";
import { createWorkspaceStore } from "./workspace-store.ts";
import { startWalCheckpointer } from "./wal-checkpointer.ts";
import { watchQueue } from "./watch-queue.ts";

/** With background checkpoints, a commit checkpoints inline only past this many WAL pages (80 MB). */
const FALLBACK_AUTOCHECKPOINT_PAGES = 20_000;

/**
 * The embedded Store: one better-sqlite3 connection per instance. Several instances (or
 * processes) may share one file: every multi-statement write runs in a BEGIN IMMEDIATE
 * transaction and WAL lets readers proceed meanwhile. `file` may be ":memory:" (one instance only).
 * `backgroundCheckpoints` (what the product opens with) checkpoints the WAL from a worker thread.
 */
export function createSqliteStore(options: { file: string; backgroundCheckpoints?: boolean }): AdminStore {
  const db = openDatabase(options.file);
  // The product's processes checkpoint from a worker thread (wal-checkpointer.ts); the inline
  // automatic checkpoint stays, further out, as the net under it.
  const checkpointer = options.backgroundCheckpoints && options.file !== ":memory:" ? startWalCheckpointer(options.file) : null;
  if (checkpointer) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const ctx = createSqliteContext(db);
  const unwatchers = new Set<() => void>();
  return {
    workspaces: createWorkspaceStore(ctx),
    credits: createCreditStore(ctx),
    jobs: createJobStore(ctx),
    images: createImageStore(ctx),
    collections: createCollectionStore(ctx),
    usage: createUsageStore(ctx),
    apiKeys: createApiKeyStore(ctx),
    outbox: createOutboxStore(ctx),
    links: createLinkStore(ctx),
    admin: createSqliteStoreAdmin(ctx),
    watchQueue: (onChange) => {
      const unwatch = watchQueue(ctx, onChange);
      unwatchers.add(unwatch);
      return () => {
        unwatch();
        unwatchers.delete(unwatch);
      };
    },
    close: async () => {
      for (const unwatch of unwatchers) unwatch();
      unwatchers.clear();
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
