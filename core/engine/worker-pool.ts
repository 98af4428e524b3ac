import type { ProviderId } from "../domain/models.ts";
import { PLANS } from "../domain/plans.ts";
import type { ClaimOptions, ClaimSlots, LeasedJob } from "../ports/store.ts";
import type { Delivery, DeliverySnapshot } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";
import { runJob } from "./run-job.ts";

/** The store's code for a write batch that did not commit (see core/stores/sqlite/group-commit.ts). */
const BATCH_NOT_COMMITTED = "STORE_RETRY";
const RETRY_SOON_MS = 20;

/**
 * Runs up to `workerConcurrency` jobs at once. One dispatcher claims for every free slot in
 * one store call (`claimMany` when the store has it: one transaction for N leases), so the
 * per-provider concurrency limit is exact and idle slots cost one commit, not one each. It
 * sleeps until woken by a local submit, a finished job, the store's watchQueue (work queued
 * by another process, pushed), or the poll interval (the safety net).
 *
 * Finished jobs are recorded through the store's own batching (the SQLite store group-commits
 * completions that finish in the same event-loop turn).
 */
export class WorkerPool {
  private readonly inFlight = new Map<ProviderId, number>();
  private readonly running = new Set<Promise<void>>();
  /** Running jobs whose provider and storage work is done (only their completion is left): their slots are free. */
  private finishing = 0;
  private readonly shutdown = new AbortController();
  private dispatcher: Promise<void> | null = null;
  private sleeper: (() => void) | null = null;
  private stopping = false;
  /** Bumped by every wake, so a dispatcher that was claiming when it came does not then sleep through it. */
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
    this.dispatcher = this.dispatch();
  }

  /** New work may have been queued (here, or in another process as the store reports): stop sleeping. */
  wake(): void {
    this.wakeups += 1;
    this.sleeper?.();
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
    await this.dispatcher;
    const all = Promise.all(this.running);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([all, grace]);
    clearTimeout(timer);
    this.shutdown.abort(new Error("shutting down"));
    await Promise.all(this.running);
  }

  get busy(): number {
    return this.running.size;
  }

  /** Free slots per provider whose breaker is closed, each capped by the pool's free slots. */
  private freeSlots(): { slots: ClaimSlots; total: number } {
    const now = this.options.clock.now();
    const total = this.options.workerConcurrency - (this.running.size - this.finishing);
    const slots: ClaimSlots = {};
    if (total <= 0) return { slots, total: 0 };
    for (const id of this.options.providers.keys()) {
      if (this.options.breakers?.get(id)?.isOpen(now)) continue;
      const free = Math.min(total, this.options.providerConcurrency - (this.inFlight.get(id) ?? 0));
      if (free > 0) slots[id] = free;
    }
    return { slots, total };
  }

  private async claim(slots: ClaimSlots, total: number): Promise<LeasedJob[]> {
    const { store } = this.options;
    const options: ClaimOptions = {
      workerId: this.options.workerId,
      now: this.options.clock.now(),
      leaseMs: this.options.leaseMs,
      providers: Object.keys(slots) as ProviderId[],
      maxRunningPerMember: (plan) => PLANS[plan].maxRunningPerMember,
    };
    if (store.jobs.claimMany) return store.jobs.claimMany(options, slots, total);
    const leased = await store.jobs.claim(options);
    return leased ? [leased] : [];
  }

  private async dispatch(): Promise<void> {
    while (!this.stopping) {
      const wakeupsBefore = this.wakeups;
      const { slots, total } = this.freeSlots();
      let claimed: LeasedJob[] = [];
      if (Object.keys(slots).length > 0) {
        try {
          claimed = await this.claim(slots, total);
        } catch (error) {
          this.options.logger.error({ err: error }, "claiming jobs failed; retrying after the poll interval");
          // A batch that did not commit leased nothing: try again soon rather than a poll later.
          await this.sleep((error as { code?: unknown }).code === BATCH_NOT_COMMITTED ? RETRY_SOON_MS : this.options.pollIntervalMs);
          continue;
        }
      }
      for (const leased of claimed) this.run(leased);
      // Claimed something and slots may remain: look again at once (more work may be waiting).
      if (claimed.length > 0 && this.running.size < this.options.workerConcurrency) continue;
      // Woken while claiming: the claim may have run before that work existed, so look again.
      if (this.wakeups === wakeupsBefore) await this.sleep(this.options.pollIntervalMs);
    }
  }

  private run({ job, nsfw }: LeasedJob): void {
    this.inFlight.set(job.provider, (this.inFlight.get(job.provider) ?? 0) + 1);
    let slotFree = false;
    /** Gives the job's slot back once: when its work is done, or when it ends some other way. */
    const freeSlot = () => {
      if (slotFree) return;
      slotFree = true;
      this.inFlight.set(job.provider, (this.inFlight.get(job.provider) ?? 1) - 1);
    };
    const done = (async () => {
      // The claim's and the completion's answers stand in for re-reads where no notifier here
      // shows the job (Delivery.notifies). Any other ending is read back (a retry, a failure).
      let completed: DeliverySnapshot | undefined;
      try {
        void this.delivery.deliver(job.id, { snapshot: { job, images: [] } });
        // Complete-and-claim-next (BullMQ's moveToCompleted fetching the next job): once the
        // provider and storage are done, the slot is free, and the claim the wake starts is
        // queued in the same event-loop turn as the completion, so both share one commit.
        const workDone = () => {
          freeSlot();
          this.finishing += 1;
          this.wake();
        };
        completed = (await runJob(this.options, { job, nsfw }, this.shutdown.signal, workDone)).completed;
      } catch (error) {
        this.options.logger.error({ err: error, jobId: job.id }, "job runner crashed; the lease will expire and the job will be retried");
      } finally {
        if (slotFree) this.finishing -= 1;
        freeSlot();
        void this.delivery.deliver(job.id, completed ? { snapshot: completed } : {});
      }
    })();
    this.running.add(done);
    void done.then(() => {
      this.running.delete(done);
      // A slot is free: claim for it now rather than at the next poll.
      this.wake();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, ms);
      this.sleeper = () => {
        clearTimeout(timer);
        this.sleeper = null;
        resolve();
      };
    });
  }
}
