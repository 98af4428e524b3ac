import { hostname } from "node:os";
import { publicUrlFor, type Config } from "../core/config/load-config.ts";
import { loadDescribeModelsFile, loadModelsFile } from "../core/domain/load-models-file.ts";
import { ModelCatalog } from "../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../core/domain/retry-policy.ts";
import { Engine } from "../core/engine/engine.ts";
import { ENGINE_DEFAULTS } from "../core/engine/engine-options.ts";
import { createLogger, type Logger } from "../core/logging/create-logger.ts";
import { systemClock, type Clock } from "../core/ports/clock.ts";
import type { ObjectStorage } from "../core/ports/object-storage.ts";
import type { Store } from "../core/ports/store.ts";
import { createProviders } from "../core/providers/create-providers.ts";
import { createSafeImageFetch } from "../core/providers/shared/safe-image-fetch.ts";
import { mountApi } from "./api/mount-api.ts";
import { createWebhookNotifier, WEBHOOK_RESUME_MS } from "./api/webhook-notifier.ts";
import { mountGallery } from "./gallery/mount-gallery.ts";
import { createHealthCheck } from "./http/health-check.ts";
import { mountMetrics } from "./http/metrics.ts";
import type { Role } from "./parse-role.ts";
import { startDiscord } from "./discord/start-discord.ts";
import { openInstallationStore, openStorage, openStore } from "./open-adapters.ts";
import { startSlack } from "./slack/start-slack.ts";
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

/** The composition root: config -> store, storage, providers -> engine -> HTTP server. */
export async function startProduct(config: Config, deps: ProductDeps = {}): Promise<Product> {
  const logger = deps.logger ?? createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const clock = deps.clock ?? systemClock;

  let publicUrl = publicUrlFor(config, config.PORT);
  const store = openStore(config, logger);
  const storage = await openStorage(config, () => publicUrl, clock);
  const { providers, breakers, describers } = createProviders(config, logger, clock);
  const catalog = ModelCatalog.forProviders(config.providers, loadModelsFile(config.MODELS_FILE), loadDescribeModelsFile(config.MODELS_FILE));

  const engine = new Engine({
    ...ENGINE_DEFAULTS,
    store,
    storage,
    providers,
    describers,
    imageFetch: createSafeImageFetch(),
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
  const metrics = mountMetrics({ http, engine, breakers, queueDepth: () => store.jobs.queueDepth() });
  const { port } = await http.listen(config.PORT, config.HOST);
  publicUrl = publicUrlFor(config, port);
  const edge = { config, engine, storage, http, logger, publicUrl: () => publicUrl };
  // A worker serves only /healthz, /metrics and images; its platform edges only deliver the
  // jobs it finishes, while the bots role receives commands.
  const serve = role !== "worker";
  const discord = await startDiscord({ ...edge, serve });
  const installations = config.SLACK_CLIENT_ID ? openInstallationStore(config) : undefined;
  const slack = await startSlack({ ...edge, installations, serve });
  // Webhooks go out from whichever process finishes the job.
  const webhooks = createWebhookNotifier({ store, storage, logger, clock, serverKey: config.PIXORLY_ENCRYPTION_KEY ?? null });
  engine.register(webhooks);
  // Retries whose process stopped (kept in the store on Convex) are finished by whoever looks next.
  let resuming = false;
  const resumeWebhooks = setInterval(() => {
    if (resuming) return;
    resuming = true;
    webhooks
      .resumeDue()
      .catch((error: unknown) => logger.warn({ err: error }, "resuming webhook deliveries failed"))
      .finally(() => (resuming = false));
  }, WEBHOOK_RESUME_MS);
  resumeWebhooks.unref();
  if (role !== "worker") {
    mountGallery({ http, engine, storage });
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
    frontEnds: serve ? [discord && "discord", slack && "slack"].filter((f): f is string => Boolean(f)) : [],
    stop() {
      stopping ??= (async () => {
        clearInterval(resumeWebhooks);
        await http.close();
        await engine.stop(config.SHUTDOWN_GRACE_MS);
        // After the engine: its last deliveries still go out through the platforms.
        await discord?.stop();
        await slack?.stop();
        await installations?.close();
        metrics.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
