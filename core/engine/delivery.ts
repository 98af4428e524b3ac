import { EventEmitter } from "node:events";
import type { Logger } from "../logging/create-logger.ts";
import type { JobView, Notifier } from "../ports/notifier.ts";
import type { Store } from "../ports/store.ts";

/**
 * Routes job changes to the notifier for the job's reply target. Each delivery re-reads the
 * job, and deliveries for one job run one after another, so the last one always shows the
 * latest state and a repeated delivery is harmless.
 */
export class Delivery {
  private readonly notifiers = new Map<string, Notifier>();
  private readonly chains = new Map<string, Promise<void>>();
  /** In-process listeners (the console, tests) see every view that is delivered. */
  readonly events = new EventEmitter<{ job: [JobView] }>();

  private readonly store: Store;
  private readonly logger: Logger;
  private readonly isDegraded: (view: JobView) => boolean;

  constructor(
    store: Store,
    logger: Logger,
    isDegraded: (view: JobView) => boolean = () => false,
  ) {
    this.store = store;
    this.logger = logger;
    this.isDegraded = isDegraded;
  }

  register(notifier: Notifier): void {
    this.notifiers.set(notifier.platform, notifier);
  }

  async view(jobId: string): Promise<JobView | null> {
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
   * own delivery) and marked `positionUpdate` for the notifier otherwise.
   */
  deliver(jobId: string, { positionOnly = false }: { positionOnly?: boolean } = {}): Promise<void> {
    const previous = this.chains.get(jobId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverNow(jobId, positionOnly));
    this.chains.set(jobId, next);
    void next.finally(() => {
      if (this.chains.get(jobId) === next) this.chains.delete(jobId);
    });
    return next;
  }

  /** Resolves when every delivery started so far has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private async deliverNow(jobId: string, positionOnly: boolean): Promise<void> {
    try {
      const view = await this.view(jobId);
      if (!view) return;
      if (positionOnly) {
        if (view.job.status !== "pending") return;
        view.positionUpdate = true;
      }
      this.events.emit("job", view);
      const platform = view.job.replyTarget?.platform;
      const notifier = platform ? this.notifiers.get(platform) : undefined;
      if (notifier) await notifier.deliver(view);
    } catch (error) {
      this.logger.warn({ err: error, jobId }, "delivering a job update failed");
    }
  }
}
