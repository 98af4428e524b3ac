import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { Store } from "../../core/ports/store.ts";

export type CheckStatus = "ok" | "failing";

/**
 * What GET /healthz answers. `unavailable` (HTTP 503): the store or the storage fails, so
 * nothing this process does can work. `degraded` (HTTP 200): a front end is not ready — the
 * Discord gateway reconnecting, say — while the others still serve; failing the whole process
 * for that would make an orchestrator restart (or a load balancer drop) working front ends.
 */
export interface HealthReport {
  status: "ok" | "degraded" | "unavailable";
  checks: Record<string, CheckStatus>;
}

export interface HealthCheckOptions {
  store: Pick<Store, "workspaces">;
  storage: Pick<ObjectStorage, "get">;
  /** One readiness probe per front end, by name ("discord", "slack"); false or a throw is failing. */
  frontEnds?: Readonly<Record<string, () => boolean | Promise<boolean>>>;
  /** A probe slower than this is failing (default 2 s, under a typical health check timeout). */
  timeoutMs?: number;
}

/** No workspace has this id and no image this key: reading them proves the round trip and nothing more. */
const STORE_PROBE_ID = "healthz";
const STORAGE_PROBE_KEY = "healthz/probe.png";

/**
 * Readiness of the store, the storage and each front end, probed concurrently on every call.
 * The storage probe reads a missing key: on S3 that needs s3:GetObject and s3:ListBucket
 * (without ListBucket S3 answers 403 for a missing key, which reads as failing).
 */
export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const probes: Record<string, () => unknown> = {
    store: () => options.store.workspaces.get(STORE_PROBE_ID).then(() => true),
    storage: () => options.storage.get(STORAGE_PROBE_KEY).then(() => true),
    ...options.frontEnds,
  };

  return async () => {
    const results = await Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await run(probe, timeoutMs)] as const));
    const checks = Object.fromEntries(results);
    const failing = results.filter(([, status]) => status === "failing").map(([name]) => name);
    const status = failing.some((name) => name === "store" || name === "storage") ? "unavailable" : failing.length ? "degraded" : "ok";
    return { status, checks };
  };
}

async function run(probe: () => unknown, timeoutMs: number): Promise<CheckStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return (await Promise.race([Promise.resolve().then(probe), timeout])) === true ? "ok" : "failing";
  } catch {
    return "failing";
  } finally {
    clearTimeout(timer);
  }
}
