import { refillPeriod } from "../domain/plans.ts";
import type { Delivery } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";
import { ORPHAN_SWEEP_DEFAULTS, OrphanSweep, type SweepResult } from "./orphan-sweep.ts";
import { drainOutbox } from "./outbox-drain.ts";

/**
 * Housekeeping any process may run (every step is idempotent): expired leases back to the
 * queue, jobs older than the maximum queue age failed and refunded, the monthly refill, and
 * (hourly by default) stored images no image row points to removed, and final states a crash
 * or an outage left undelivered (outbox-drain.ts; the first pass runs at start, so a restarted
 * process delivers what it died holding).
 */
export class Janitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly orphans: OrphanSweep;
  private readonly sweepEveryMs: number;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  private readonly options: EngineOptions;
  private readonly delivery: Delivery;

  constructor(
    options: EngineOptions,
    delivery: Delivery,
  ) {
    this.options = options;
    this.delivery = delivery;
    const sweep = options.orphanSweep ?? ORPHAN_SWEEP_DEFAULTS;
    this.orphans = new OrphanSweep(options, sweep);
    this.sweepEveryMs = sweep.intervalMs;
  }

  /** One orphan sweep now (tests, the admin command line); passes run it when it is due. */
  sweepOrphans(): Promise<SweepResult> {
    this.lastSweepAt = this.options.clock.now();
    return this.orphans.sweep();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.janitorIntervalMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; overlapping calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store, clock, logger } = this.options;
    try {
      const now = clock.now();
      const requeued = await store.jobs.requeueExpired(now);
      const stale = await store.jobs.failStale(now - this.options.maxQueueAgeMs, now);
      for (const job of [...requeued, ...stale]) void this.delivery.deliver(job.id);
      if (requeued.length) logger.warn({ jobs: requeued.map((j) => j.id) }, "re-queued jobs whose worker stopped heartbeating");
      if (stale.length) logger.warn({ jobs: stale.map((j) => j.id) }, "failed and refunded jobs that waited past the maximum queue age");
      await this.refillAll(now);
    } catch (error) {
      logger.error({ err: error }, "janitor pass failed");
    }
    try {
      await drainOutbox(this.options, this.delivery);
    } catch (error) {
      logger.error({ err: error }, "delivering the outbox failed; the next pass retries");
    }
    if (this.options.clock.now() - this.lastSweepAt >= this.sweepEveryMs) {
      await this.sweepOrphans().catch((error: unknown) => logger.error({ err: error }, "orphaned image sweep failed"));
    }
  }

  private lastRefillPeriod: string | undefined;

  private async refillAll(now: number): Promise<void> {
    const period = refillPeriod(new Date(now));
    if (this.lastRefillPeriod === period) return;
    for (const workspace of await this.options.store.workspaces.list()) {
      await this.options.store.credits.refill(workspace.id, period, now);
    }
    this.lastRefillPeriod = period;
  }
}
