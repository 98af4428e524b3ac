import type { Logger } from "../logging/create-logger.ts";
import type { Clock } from "../ports/clock.ts";
import type { Store } from "../ports/store.ts";
import type { Delivery } from "./delivery.ts";

/** Timers, injectable so tests can fire passes by hand. */
export interface PassTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_TIMERS: PassTimers = {
  // A pending pass must not keep the process alive.
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface PositionUpdatesOptions {
  store: Store;
  delivery: Delivery;
  clock: Clock;
  logger: Logger;
  /** A job's message shows a new position at most once per this long; also the pass cadence. 0 turns updates off. */
  intervalMs: number;
  /** Positions read (and so messages re-rendered) per pass, at most. */
  perPass: number;
  /** Messages re-rendered per channel per pass, at most. */
  perChannel: number;
  timers?: PassTimers;
}

interface Watched {
  /** The position the job's message shows. */
  shown: number;
  /** When it was rendered (engine clock); the message is not edited again before shownAt + intervalMs. */
  shownAt: number;
  /** Platform-qualified channel; the per-channel budget is spent per channel (per job outside channels). */
  channel: string;
}

/** Beyond this many waiting jobs a process stops watching new ones (their messages keep the submit position). */
const MAX_WATCHED = 50_000;

/**
 * Keeps waiting jobs' messages showing their current queue position. The jobs this process
 * accepted are watched; every `intervalMs`, while any are, one pass reads the positions of the
 * least recently rendered due jobs from the store (so moves made by any process are seen) and
 * re-delivers, through the notifiers, only those whose position changed. A job leaves the watch
 * when it leaves the queue; its own state changes are delivered by the workers.
 *
 * Bounds: a job's message is edited at most once per `intervalMs` (engine clock); a pass reads
 * at most `perPass` positions and re-renders at most `perChannel` messages of one channel, so a
 * busy channel's final states and first posts keep most of the platform's per-channel budget
 * (Slack: about one message call per second per channel). With more waiting jobs than that,
 * each is refreshed less often, in turn.
 */
export class PositionUpdates {
  /** In render order: the least recently rendered (or read) first. */
  private readonly watched = new Map<string, Watched>();
  private readonly timers: PassTimers;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  private readonly options: PositionUpdatesOptions;

  constructor(options: PositionUpdatesOptions) {
    this.options = options;
    this.timers = options.timers ?? SYSTEM_TIMERS;
  }

  /** A job accepted at `position`, whose message shows that number as of now. */
  watch(jobId: string, position: number, channelKey: string | null): void {
    if (this.stopped || this.options.intervalMs <= 0 || this.watched.size >= MAX_WATCHED) return;
    this.watched.set(jobId, { shown: position, shownAt: this.options.clock.now(), channel: channelKey ?? jobId });
    this.schedule();
  }

  /** Jobs being watched (tests, metrics). */
  get size(): number {
    return this.watched.size;
  }

  /** One pass now (the timer's, and tests'); passes never overlap. Never throws. */
  refresh(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timer and forgets every job (shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.watched.clear();
  }

  private schedule(): void {
    if (this.timer !== null || this.stopped || this.watched.size === 0) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.refresh().finally(() => this.schedule());
    }, this.options.intervalMs);
  }

  private async pass(): Promise<void> {
    const { store, delivery, clock, intervalMs, perPass, perChannel, logger } = this.options;
    const now = clock.now();
    const due: string[] = [];
    for (const [jobId, entry] of this.watched) {
      if (due.length >= perPass) break;
      if (now - entry.shownAt >= intervalMs) due.push(jobId);
    }
    if (due.length === 0) return;

    let positions: (number | null)[];
    try {
      positions = await Promise.all(due.map((jobId) => store.jobs.position(jobId)));
    } catch (error) {
      logger.warn({ err: error }, "reading queue positions failed; trying again next pass");
      return;
    }
    const spent = new Map<string, number>();
    due.forEach((jobId, index) => {
      const entry = this.watched.get(jobId);
      if (!entry) return;
      const position = positions[index]!;
      // Left the queue (claimed, cancelled, failed): the workers deliver that state.
      if (position === null) return void this.watched.delete(jobId);
      if (position !== entry.shown) {
        const used = spent.get(entry.channel) ?? 0;
        // Over the channel's budget: keep its place at the front for the next pass.
        if (used >= perChannel) return;
        spent.set(entry.channel, used + 1);
        entry.shown = position;
        entry.shownAt = now;
        void delivery.deliver(jobId, { positionOnly: true });
      }
      // Read this pass: to the back of the line, so the next pass reads others first.
      this.watched.delete(jobId);
      this.watched.set(jobId, entry);
    });
  }
}
