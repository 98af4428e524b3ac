import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { ProviderId } from "../../core/domain/models.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { BreakerState, CircuitBreaker } from "../../core/providers/circuit-breaker.ts";
import type { HttpServer } from "./create-http-server.ts";
import { recordJobMetrics } from "./job-metrics.ts";

export const METRICS_PATH = "/metrics";

const BREAKER_STATES: readonly BreakerState[] = ["closed", "half-open", "open"];

export interface MetricsOptions {
  http: Pick<HttpServer, "mount">;
  engine: Pick<Engine, "delivery">;
  breakers: ReadonlyMap<ProviderId, Pick<CircuitBreaker, "state">>;
  /**
   * Jobs pending store-wide, read on every scrape, so it must be a constant-time store read
   * (both stores keep the counters: last seq issued minus jobs dequeued). Without it the
   * queue depth gauge is left out.
   */
  queueDepth?: () => Promise<number>;
}

export interface Metrics {
  readonly registry: Registry;
  /** Front ends count failed platform API calls here: `platformErrors.inc({ platform: "slack" })`. */
  readonly platformErrors: Counter<"platform">;
  /** Stops listening to job events; the registry stays readable. */
  stop(): void;
}

/**
 * GET /metrics in Prometheus text format: jobs by status, queue depth, job and provider
 * latency, credits charged and refunded, platform API errors, circuit breaker states, and the
 * standard process metrics. One registry per call, so two products in one process (tests)
 * never share counters.
 */
export function mountMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = recordJobMetrics(registry, options.engine.delivery.events);

  const platformErrors = new Counter({
    name: "pixorly_platform_api_errors_total",
    help: "Failed calls to Discord's or Slack's API (after their clients' own retries).",
    labelNames: ["platform"] as const,
    registers: [registry],
  });

  new Gauge({
    name: "pixorly_circuit_breaker_state",
    help: "1 for each provider's current circuit state, 0 for the others.",
    labelNames: ["provider", "state"] as const,
    registers: [registry],
    collect() {
      for (const [provider, breaker] of options.breakers) {
        for (const state of BREAKER_STATES) this.set({ provider, state }, breaker.state === state ? 1 : 0);
      }
    },
  });

  const { queueDepth } = options;
  if (queueDepth) {
    new Gauge({
      name: "pixorly_queue_depth",
      help: "Jobs waiting in the queue, across all processes.",
      registers: [registry],
      async collect() {
        // A store outage must not take the other metrics down with it: NaN says "unknown",
        // and /healthz reports the store.
        this.set(await queueDepth().catch(() => Number.NaN));
      },
    });
  }

  options.http.mount("GET", METRICS_PATH, async (_req, res) => {
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType, "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
    res.end(body);
  });

  return { registry, platformErrors, stop: jobs.stop };
}
