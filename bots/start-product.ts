import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { publicUrlFor, type Config } from "../core/config/load-config.ts";
import { loadModelsFile } from "../core/domain/load-models-file.ts";
import { ModelCatalog } from "../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../core/domain/retry-policy.ts";
import { Engine } from "../core/engine/engine.ts";
import { ENGINE_DEFAULTS } from "../core/engine/engine-options.ts";
import { createLogger, type Logger } from "../core/logging/create-logger.ts";
import { systemClock, type Clock } from "../core/ports/clock.ts";
import type { ObjectStorage } from "../core/ports/object-storage.ts";
import type { Store } from "../core/ports/store.ts";
import { createProviders } from "../core/providers/create-providers.ts";
import { createS3Storage } from "../core/storage/s3-storage.ts";
import { createLocalDiskStorage } from "../core/storage/local-disk-storage.ts";
import { ConvexHttpClient } from "convex/browser";
import { createConvexStore } from "../core/stores/convex/create-convex-store.ts";
import { createSqliteStore } from "../core/stores/sqlite/sqlite-store.ts";
import { mountApi } from "./api/mount-api.ts";
import { createWebhookNotifier } from "./api/webhook-notifier.ts";
import { mountGallery } from "./gallery/mount-gallery.ts";
import { createHealthCheck } from "./http/health-check.ts";
import { mountMetrics } from "./http/metrics.ts";
import type { Role } from "./parse-role.ts";
import { startDiscord } from "./discord/start-discord.ts";
import { createHttpServer, type HttpServer } from "./http/create-http-server.ts";

export interface Product {
  config: Config;
  logger: Logger;
  store: Store;
  storage: ObjectStorage;
  engine: Engine;
  http: HttpServer;
  /** Platform front ends that are on, for the start-up log. */
  frontEnds: string[];
  /** The base URL images and pages are served from. */
  publicUrl: string;
  port: number;
  /** Graceful: HTTP stops accepting, workers finish or release, the store closes. */
  stop(): Promise<void>;
}

export interface ProductDeps {
  logger?: Logger;
  clock?: Clock;
  role?: Role;
}

function createStore(config: Config, dataDir: string): Store {
  if (config.store === "convex") {
    // Coherence checks in load-config guarantee both are set.
    return createConvexStore({ client: new ConvexHttpClient(config.CONVEX_URL!), serviceSecret: config.PIXORLY_SERVICE_SECRET! });
  }
  return createSqliteStore({ file: join(dataDir, "pixorly.db") });
}

async function createStorage(config: Config, dataDir: string, publicUrl: () => string, clock: Clock): Promise<ObjectStorage> {
  if (config.storage === "local") return createLocalDiskStorage({ dataDir, publicUrl });
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

/** The composition root: config -> store, storage, providers -> engine -> HTTP server. */
export async function startProduct(config: Config, deps: ProductDeps = {}): Promise<Product> {
  const logger = deps.logger ?? createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const clock = deps.clock ?? systemClock;
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  let publicUrl = publicUrlFor(config, config.PORT);
  const store = createStore(config, dataDir);
  const storage = await createStorage(config, dataDir, () => publicUrl, clock);
  const { providers, breakers } = createProviders(config, logger, clock);
  const catalog = ModelCatalog.forProviders(config.providers, loadModelsFile(config.MODELS_FILE));

  const engine = new Engine({
    ...ENGINE_DEFAULTS,
    store,
    storage,
    providers,
    breakers,
    catalog,
    logger,
    clock,
    random: Math.random,
    defaultPlan: config.DEFAULT_PLAN,
    adminUserIds: config.ADMIN_USER_IDS,
    workerId: `${hostname()}:${process.pid}:${Date.now().toString(36)}`,
    workerConcurrency: config.WORKER_CONCURRENCY,
    providerConcurrency: config.PROVIDER_CONCURRENCY,
    leaseMs: config.LEASE_MS,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.MAX_ATTEMPTS },
    maxQueueAgeMs: config.MAX_QUEUE_AGE_MS,
    providerTimeoutMs: config.PROVIDER_TIMEOUT_MS,
  });

  const role = deps.role ?? "all";
  const health = createHealthCheck({ store, storage });
  const http = createHttpServer({ logger, storage, healthCheck: health });
  const metrics = mountMetrics({ http, engine, breakers });
  const { port } = await http.listen(config.PORT, config.HOST);
  publicUrl = publicUrlFor(config, port);
  const edge = { config, engine, storage, http, logger, publicUrl: () => publicUrl };
  // A worker serves only /healthz, /metrics and images; front ends run in the bots role.
  const discord = role === "worker" ? null : await startDiscord(edge);
  // Webhooks go out from whichever process finishes the job.
  engine.register(createWebhookNotifier({ store, storage, logger, clock, serverKey: config.PIXORLY_ENCRYPTION_KEY ?? null }));
  if (role !== "worker") {
    mountGallery({ http, store, storage, logger });
    mountApi({ http, engine, store, storage, logger, clock, publicUrl: () => publicUrl, webhookServerKey: config.PIXORLY_ENCRYPTION_KEY ?? null });
  }
  engine.start({ workers: role !== "bots" && config.WORKERS });
  logger.info(
    { role, url: publicUrl, store: config.store, storage: config.storage, providers: config.providers, models: catalog.models.map((m) => m.id) },
    "Pixorly is up",
  );

  let stopping: Promise<void> | undefined;
  return {
    config,
    logger,
    store,
    storage,
    engine,
    http,
    get publicUrl() {
      return publicUrl;
    },
    port,
    frontEnds: discord ? ["discord"] : [],
    stop() {
      stopping ??= (async () => {
        await http.close();
        await engine.stop(config.SHUTDOWN_GRACE_MS);
        // After the engine: its last deliveries still go out through the platforms.
        await discord?.stop();
        metrics.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
