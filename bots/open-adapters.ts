import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../core/config/load-config.ts";
import type { Logger } from "../core/logging/create-logger.ts";
import { systemClock, type Clock } from "../core/ports/clock.ts";
import type { InstallationStore } from "../core/ports/installation-store.ts";
import type { ObjectStorage } from "../core/ports/object-storage.ts";
import type { AdminStore } from "../core/ports/store-admin.ts";
import { createLocalDiskStorage } from "../core/storage/local-disk-storage.ts";
import { createS3Storage } from "../core/storage/s3-storage.ts";
import { connectConvexInstallationStore, connectConvexStore } from "../core/stores/convex/connect-convex-store.ts";
import { createSqliteInstallationStore } from "../core/stores/sqlite/installation-store.ts";
import { createSqliteStore } from "../core/stores/sqlite/sqlite-store.ts";

/**
 * The store and image storage the configuration selects, built one way for the product and
 * the operator command line.
 */

/** The SQLite file in DATA_DIR. */
export function sqliteFile(config: Pick<Config, "DATA_DIR">): string {
  return join(resolve(config.DATA_DIR), "pixorly.db");
}

/**
 * Convex when configured, else SQLite in DATA_DIR (created, so an import can fill a fresh machine).
 * The Convex store can push new work to idle workers (watchQueue): its WebSocket opens only when
 * the engine's workers start watching, so the operator command line never opens one. `logger`
 * hears that subscription's failures (workers keep polling regardless).
 */
export function openStore(config: Config, logger?: Pick<Logger, "warn">): AdminStore {
  if (config.store === "convex") {
    // loadConfig's coherence checks guarantee both are set.
    return connectConvexStore({
      url: config.CONVEX_URL!,
      serviceSecret: config.PIXORLY_SERVICE_SECRET!,
      onSubscriptionError: (error) => logger?.warn({ err: error }, "queue subscription failed; workers fall back to polling"),
    });
  }
  mkdirSync(resolve(config.DATA_DIR), { recursive: true });
  return createSqliteStore({ file: sqliteFile(config), backgroundCheckpoints: true });
}

/** Where Slack OAuth installations live: beside the store openStore opens (which creates DATA_DIR for SQLite). */
export function openInstallationStore(config: Config): InstallationStore {
  if (config.store === "convex") return connectConvexInstallationStore({ url: config.CONVEX_URL!, serviceSecret: config.PIXORLY_SERVICE_SECRET! });
  return createSqliteInstallationStore({ file: sqliteFile(config) });
}

/** `publicUrl` is read on every call: with PORT=0 it is known only after listen. */
export async function openStorage(config: Config, publicUrl: () => string, clock: Clock = systemClock): Promise<ObjectStorage> {
  if (config.storage === "local") return createLocalDiskStorage({ dataDir: resolve(config.DATA_DIR), publicUrl });
  const s3 = createS3Storage({
    bucket: config.S3_BUCKET!,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    checksums: config.S3_CHECKSUMS,
    prefix: config.S3_PREFIX,
    credentials:
      config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
        : undefined,
    cloudfront: config.CLOUDFRONT_DOMAIN
      ? {
          domain: config.CLOUDFRONT_DOMAIN,
          keyPairId: config.CLOUDFRONT_KEY_PAIR_ID,
          privateKey: config.CLOUDFRONT_PRIVATE_KEY,
          ttlSeconds: config.SIGNED_URL_TTL_SECONDS,
        }
      : undefined,
    signedUrlTtlSeconds: config.SIGNED_URL_TTL_SECONDS,
    clock,
  });
  // Resolves the credential chain once, so URL signing works synchronously afterwards.
  await s3.ready();
  return s3;
}
