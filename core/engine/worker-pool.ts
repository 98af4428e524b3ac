import type { ProviderId } from "../domain/models.ts";
import { PLANS } from "../domain/plans.ts";
import type { Job } from "../domain/job.ts";
import type { Delivery } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";
import { runJob } from "./run-job.ts";

/**
 * `workerConcurrency` loops that claim and run jobs. Claims within this process go one at a
 * time so the per-provider concurrency limit is exact; idle loops sleep until woken by a local
 * submit, by the store's watchQueue when it has one (work queued by another process, pushed),
 * or by the poll interval (the safety net, and the only way for stores without watchQueue).
 */
export class WorkerPool {
  private readonly inFlight = new Map<ProviderId, number>();
  private readonly shutdown = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private claimChain: Promise<unknown> = Promise.resolve();
  private stopping = false;
  /** Bumped by every wake, so a loop that was claiming when it came does not then sleep through it. */
  private wakeups = 0;
  private unwatch: (() => void) | null = null;

  private readonly options: EngineOptions;
  private readonly delivery: Delivery;

  constructor(
    options: EngineOptions,
    delivery: Delivery,
  ) {
    this.options = options;
    this.delivery = delivery;
  }

  start(): void {
    this.unwatch = this.options.store.watchQueue?.(() => this.wake()) ?? null;
    for (let i = 0; i < this.options.workerConcurrency; i++) this.loops.push(this.loop());
  }

  /** New work may have been queued (here, or in another process as the store reports): stop sleeping. */
  wake(): void {
    this.wakeups += 1;
    for (const wakeUp of this.sleepers) wakeUp();
  }

  /**
   * Stops claiming, lets in-flight jobs finish for up to `graceMs`, then aborts the rest,
   * which releases them to the queue for another worker.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.unwatch?.();
    this.unwatch = null;
    this.wake();
    const all = Promise.all(this.loops);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([all, grace]);
    clearTimeout(timer);
    this.shutdown.abort(new Error("shutting down"));
    await all;
  }

  get busy(): number {
    let n = 0;
    for (const count of this.inFlight.values()) n += count;
    return n;
  }

  private availableProviders(): ProviderId[] {
    const now = this.options.clock.now();
    return [...this.options.providers.keys()].filter(
      (id) =>
        (this.inFlight.get(id) ?? 0) < this.options.providerConcurrency && !this.options.breakers?.get(id)?.isOpen(now),
    );
  }

  private claim(): Promise<Job | null> {
    const attempt = this.claimChain.then(async () => {
      const providers = this.availableProviders();
      if (this.stopping || providers.length === 0) return null;
      const job = await this.options.store.jobs.claim({
        workerId: this.options.workerId,
        now: this.options.clock.now(),
        leaseMs: this.options.leaseMs,
        providers,
        maxRunningPerMember: (plan) => PLANS[plan].maxRunningPerMember,
      });
      if (job) this.inFlight.set(job.provider, (this.inFlight.get(job.provider) ?? 0) + 1);
      return job;
    });
    this.claimChain = attempt.catch(() => undefined);
    return attempt;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const wakeupsBefore = this.wakeups;
      let job: Job | null = null;
      try {
        job = await this.claim();
      } catch (error) {
        this.options.logger.error({ err: error }, "claiming a job failed; retrying after the poll interval");
      }
      if (!job) {
        // Woken while claiming: the claim may have run before that work existed, so look again.
        if (this.wakeups === wakeupsBefore) await this.sleep(this.options.pollIntervalMs);
        continue;
      }
      try {
        void this.delivery.deliver(job.id);
        await runJob(this.options, job, this.shutdown.signal);
      } catch (error) {
        this.options.logger.error({ err: error, jobId: job.id }, "job runner crashed; the lease will expire and the job will be retried");
      } finally {
        this.inFlight.set(job.provider, (this.inFlight.get(job.provider) ?? 1) - 1);
        void this.delivery.deliver(job.id);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}
