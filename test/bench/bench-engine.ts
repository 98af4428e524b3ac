import { ModelCatalog } from "../../core/domain/models.ts";
import { DEFAULT_RETRY_POLICY } from "../../core/domain/retry-policy.ts";
import { Engine } from "../../core/engine/engine.ts";
import { ENGINE_DEFAULTS, type EngineOptions } from "../../core/engine/engine-options.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { systemClock } from "../../core/ports/clock.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";

/**
 * The engine every bench drives: the product's defaults, real clock, silent logs, the local
 * provider, ENTERPRISE workspaces so plan limits never cut a run short.
 */
export function benchEngine(
  options: Pick<EngineOptions, "store" | "storage"> &
    Partial<Pick<EngineOptions, "logger" | "pollIntervalMs" | "workerConcurrency" | "providerConcurrency" | "leaseMs">> & { provider?: ImageProvider },
): Engine {
  return new Engine({
    ...ENGINE_DEFAULTS,
    store: options.store,
    storage: options.storage,
    providers: new Map([["local", options.provider ?? createLocalProvider()]]),
    imageFetch: createSafeImageFetch(),
    catalog: ModelCatalog.forProviders(["local"]),
    logger: options.logger ?? createLogger({ level: "silent", format: "json" }),
    clock: systemClock,
    random: Math.random,
    defaultPlan: "ENTERPRISE",
    adminUserIds: [],
    workerId: "bench",
    retryPolicy: DEFAULT_RETRY_POLICY,
    ...(options.pollIntervalMs !== undefined && { pollIntervalMs: options.pollIntervalMs }),
    ...(options.workerConcurrency !== undefined && { workerConcurrency: options.workerConcurrency }),
    ...(options.providerConcurrency !== undefined && { providerConcurrency: options.providerConcurrency }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  });
}
