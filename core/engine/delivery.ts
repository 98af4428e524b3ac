import { EventEmitter } from "node:events";
import { isTerminal } from "../domain/job.ts";
import type { Image } from "../domain/image.ts";
import type { Job } from "../domain/job.ts";
import type { Logger } from "../logging/create-logger.ts";
import type { JobView, Notifier } from "../ports/notifier.ts";
import type { Store } from "../ports/store.ts";

/** A job's state as a store write answered it, with its images when it completed. */
export interface DeliverySnapshot {
  job: Job;
  images: Image[];
}

/** Marks collected this long are written in one call (one Convex mutation, one SQLite commit). */
const MARK_FLUSH_MS = 250;

/**
 * Routes job changes to the notifier for the job's reply target. Each delivery re-reads the
 * job (unless its caller hands over the state it has just written, a `snapshot`, and no
 * notifier here delivers it: see `notifies`), and deliveries for one job run one after
 * another, so the last one always shows the latest state and a repeated delivery is harmless.
 * A final state shown by a notifier is marked
 * delivered in the job's outbox row (batched); a final state that could not be shown keeps its
 * row, and core/engine/outbox-drain.ts retries it from any process.
 */
export class Delivery {
  private readonly notifiers = new Map<string, Notifier>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly marks = new Set<string>();
  private markTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** In-process listeners (the console, tests) see every view that is delivered. */
  readonly events = new EventEmitter<{ job: [JobView] }>();

  private readonly store: Store;
  private readonly logger: Logger;
  private readonly isDegraded: (view: JobView) => boolean;
  private readonly now: () => number;

  constructor(
    store: Store,
    logger: Logger,
    isDegraded: (view: JobView) => boolean = () => false,
    now: () => number = () => Date.now(),
  ) {
    this.store = store;
    this.logger = logger;
    this.isDegraded = isDegraded;
    this.now = now;
  }

  register(notifier: Notifier): void {
    this.notifiers.set(notifier.platform, notifier);
  }

  /**
   * A snapshot stands in for the store only where no notifier here delivers the job: a notifier
   * records its progress in the job's reply target (Slack's uploaded files, a reply moved to a
   * DM), which another delivery may have written after the snapshot was taken, and a delete or
   * forget may have come in between too. Such a delivery pays an API call anyway; the read is
   * saved for jobs no front end here shows (worker processes, the console, the API).
   */
  private notifies(job: Job): boolean {
    return job.replyTarget !== null && this.notifiers.has(job.replyTarget.platform);
  }

  /** The reply-target platforms this process can deliver to (what it claims from the outbox). */
  platforms(): string[] {
    return [...this.notifiers.keys()];
  }

  async view(jobId: string, snapshot?: DeliverySnapshot): Promise<JobView | null> {
    if (snapshot && snapshot.job.status !== "pending" && !this.notifies(snapshot.job)) return { job: snapshot.job, images: snapshot.images, position: null };
    const job = await this.store.jobs.get(jobId);
    if (!job) return null;
    const [images, position] = await Promise.all([
      job.status === "completed" ? this.store.images.listForJob(job.id) : Promise.resolve([]),
      job.status === "pending" ? this.store.jobs.position(job.id) : Promise.resolve(null),
    ]);
    const view: JobView = { job, images, position };
    if (job.status === "pending" && this.isDegraded(view)) view.degraded = true;
    return view;
  }

  /**
   * Never throws: a platform outage must not fail the job it reports on. `positionOnly`: a
   * queue-position refresh, dropped if the job has left the queue by then (that change has its
   * own delivery) and marked `positionUpdate` for the notifier otherwise. `snapshot`: the job as
   * the caller's own store write just answered it (a claim, a completion), shown without reading
   * it again; a later change has its own delivery, queued behind this one.
   */
  deliver(
    jobId: string,
    { positionOnly = false, fromOutbox = false, snapshot }: { positionOnly?: boolean; fromOutbox?: boolean; snapshot?: DeliverySnapshot } = {},
  ): Promise<void> {
    const previous = this.chains.get(jobId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverNow(jobId, positionOnly, fromOutbox, snapshot));
    this.chains.set(jobId, next);
    void next.finally(() => {
      if (this.chains.get(jobId) === next) this.chains.delete(jobId);
    });
    return next;
  }

  /** Resolves when every delivery started so far has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
    await this.flushMarks();
  }

  /** Writes the collected delivered marks now (idle(), shutdown, tests). */
  flushMarks(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const jobIds = [...this.marks];
      if (!jobIds.length) return;
      this.marks.clear();
      try {
        await this.store.outbox.markDelivered(jobIds, this.now());
      } catch (error) {
        // Unmarked rows are delivered again later: a repeated edit is harmless.
        this.logger.warn({ err: error, jobs: jobIds.length }, "recording delivered results failed; they will be delivered again");
      }
    });
    return this.flushing;
  }

  private markDelivered(jobId: string): void {
    this.marks.add(jobId);
    this.markTimer ??= setTimeout(() => void this.flushMarks(), MARK_FLUSH_MS);
    this.markTimer.unref();
  }

  private async deliverNow(jobId: string, positionOnly: boolean, fromOutbox: boolean, snapshot: DeliverySnapshot | undefined): Promise<void> {
    try {
      const view = await this.view(jobId, snapshot);
      if (!view) {
        // The job was forgotten since it ended: nothing is left to show.
        if (fromOutbox) this.markDelivered(jobId);
        return;
      }
      if (positionOnly) {
        if (view.job.status !== "pending") return;
        view.positionUpdate = true;
      }
      this.events.emit("job", view);
      const platform = view.job.replyTarget?.platform;
      const notifier = platform ? this.notifiers.get(platform) : undefined;
      if (!notifier) return;
      await notifier.deliver(view);
      // Only a final state has an outbox row; a progress update never marks it.
      if (isTerminal(view.job.status)) this.markDelivered(jobId);
    } catch (error) {
      this.logger.warn({ err: error, jobId }, "delivering a job update failed");
    }
  }
}
