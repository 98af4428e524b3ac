import type { OrphanSweepOptions } from "./orphan-sweep.ts";
import type { ModelCatalog, ProviderId } from "../domain/models.ts";
import type { PlanId } from "../domain/plans.ts";
import type { RetryPolicy } from "../domain/retry-policy.ts";
import type { Logger } from "../logging/create-logger.ts";
import type { Clock } from "../ports/clock.ts";
import type { DescribeProviderId } from "../domain/describe-models.ts";
import type { ImageDescriber } from "../ports/image-describer.ts";
import type { ImageFetch } from "../ports/image-fetch.ts";
import type { ImageProvider } from "../ports/image-provider.ts";
import type { ObjectStorage } from "../ports/object-storage.ts";
import type { Store } from "../ports/store.ts";

/** Anything that can say a provider is refusing work for now (the circuit breaker). */
export interface ProviderHealth {
  isOpen(now: number): boolean;
}

export interface EngineOptions {
  store: Store;
  storage: ObjectStorage;
  providers: ReadonlyMap<ProviderId, ImageProvider>;
  /**
   * Fetches input images people hand in by URL (platform attachments): the safe fetch, built by
   * the composition root because core/engine opens no connections of its own.
   */
  imageFetch: ImageFetch;
  /** /describe's vision services by provider (core/providers/create-providers.ts); absent: /describe is off. */
  describers?: ReadonlyMap<DescribeProviderId, ImageDescriber>;
  catalog: ModelCatalog;
  logger: Logger;
  clock: Clock;
  /** Seeds, backoff jitter. Injected so tests are deterministic. */
  random: () => number;
  defaultPlan: PlanId;
  /** Platform-qualified ids ("discord:1234") who are admins in every workspace. */
  adminUserIds: readonly string[];
  /** Unique per process; lease owner of the jobs this process runs. */
  workerId: string;
  workerConcurrency: number;
  /** In-flight jobs per provider in this process. */
  providerConcurrency: number;
  leaseMs: number;
  retryPolicy: RetryPolicy;
  maxQueueAgeMs: number;
  providerTimeoutMs: number;
  /** How often idle workers look for work another process queued. */
  pollIntervalMs: number;
  janitorIntervalMs: number;
  /**
   * Waiting jobs' messages show their current queue position, each edited at most once per
   * this long (0: the submit position stays). See PositionUpdates.
   */
  positionUpdateIntervalMs: number;
  /** Positions read and messages re-rendered per update pass, at most. */
  positionUpdatesPerPass: number;
  /**
   * Messages of one channel re-rendered per pass, at most: 2 per 3 s leaves a third of Slack's
   * one-call-per-second channel pace to first posts and final states.
   */
  positionUpdatesPerChannel: number;
  /** Orphaned image sweep (core/engine/orphan-sweep.ts); defaults when omitted. */
  orphanSweep?: OrphanSweepOptions;
  breakers?: ReadonlyMap<ProviderId, ProviderHealth>;
}

export const ENGINE_DEFAULTS = {
  workerConcurrency: 4,
  providerConcurrency: 4,
  leaseMs: 60_000,
  maxQueueAgeMs: 30 * 60_000,
  providerTimeoutMs: 120_000,
  pollIntervalMs: 1_000,
  janitorIntervalMs: 5_000,
  positionUpdateIntervalMs: 3_000,
  positionUpdatesPerPass: 100,
  positionUpdatesPerChannel: 2,
} as const;
