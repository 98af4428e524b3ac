import type { Engine } from "../../core/engine/engine.ts";
import { createMemoryRateLimitStore } from "../../core/engine/memory-rate-limit-store.ts";
import { FailedAuthThrottle } from "../../core/engine/failed-auth-throttle.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { Store } from "../../core/ports/store.ts";
import type { HttpServer } from "../http/create-http-server.ts";
import { sendJson } from "../http/send-json.ts";
import { accountRoutes } from "./account-routes.ts";
import { createApiHandler } from "./api-router.ts";
import { API_PREFIX } from "./api-route.ts";
import { generationRoutes } from "./generation-routes.ts";
import { libraryRoutes } from "./library-routes.ts";
import { openApiDocument } from "./openapi.ts";

export interface ApiOptions {
  http: HttpServer;
  engine: Engine;
  store: Store;
  storage: ObjectStorage;
  logger: Logger;
  clock: Clock;
  /** The product's base URL (share links); known only after listen when PORT is 0, hence a function. */
  publicUrl: () => string;
  /** PIXORLY_ENCRYPTION_KEY when set; the webhook notifier must be given the same value. */
  webhookServerKey?: string | null;
  /** Test seam: exact "host:port" values a webhookUrl may name over http and on private addresses. */
  webhookAllowHosts?: readonly string[];
}

/** Bodies are a prompt or a list of ids; anything near this size is a mistake or an attack. */
export const API_MAX_BODY_BYTES = 64 * 1024;

/** The REST API under /api/v1 on the product's HTTP server, with its OpenAPI document. */
export function mountApi(options: ApiOptions): void {
  const deps = {
    engine: options.engine,
    storage: options.storage,
    publicUrl: options.publicUrl,
    webhookServerKey: options.webhookServerKey ?? null,
    webhookAllowHosts: new Set(options.webhookAllowHosts ?? []),
  };
  const routes = [...generationRoutes(deps), ...libraryRoutes(deps), ...accountRoutes(deps)];
  const document = openApiDocument(routes);
  options.http.mount("GET", `${API_PREFIX}/openapi.json`, (_req, res) => sendJson(res, 200, document));
  options.http.mountPrefix(
    API_PREFIX,
    createApiHandler(
      {
        engine: options.engine,
        store: options.store,
        clock: options.clock,
        // Shared by replicas when the store keeps them (Convex); else per process (SQLite).
        buckets: options.store.rateLimits ?? createMemoryRateLimitStore(),
        failedAuth: new FailedAuthThrottle(options.clock),
        maxBodyBytes: Math.min(API_MAX_BODY_BYTES, options.http.maxBodyBytes),
      },
      routes,
    ),
  );
  options.logger.debug({ prefix: API_PREFIX, routes: routes.length }, "REST API mounted");
}
