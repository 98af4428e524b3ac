/** Slack asks for about one message per second per channel (chat.postMessage, chat.update). */
export const SLACK_CHANNEL_INTERVAL_MS = 1_000;
/** Slack allows short bursts over that pace: this many calls may go out back to back. */
export const SLACK_CHANNEL_BURST = 3;
/** Progress updates (not first posts, not final states) held per channel before the oldest is shed. */
export const SLACK_MAX_HELD_PROGRESS = 20;

export interface PacerOptions {
  /** Calls a quiet channel may make back to back before the pace applies (default 1: none). */
  burst?: number;
  /** Held progress updates per channel; beyond it the oldest is dropped (default unbounded). */
  maxHeldProgress?: number;
  /** Told, at most once a second, how many progress updates each channel shed since last time. */
  onShed?: (shed: ReadonlyMap<string, number>) => void;
}

/** Time and timers, injectable so tests can drive the pacer with fake ones. */
export interface PacerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const SYSTEM_CLOCK: PacerClock = {
  now: () => Date.now(),
  // A held update must not keep the process alive.
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Call {
  send: () => Promise<unknown>;
  final: boolean;
  waiters: Waiter[];
}

interface Channel {
  /** New messages, in order; they go before any update. */
  posts: Call[];
  /** At most one held update per job, in the order the jobs first asked. */
  updates: Map<string, Call>;
  /** A call is running: calls of one channel run one after another. */
  busy: boolean;
  /** Calls the channel may start now (a token bucket: refills one per interval, up to the burst). */
  tokens: number;
  /** When `tokens` was last brought up to date. */
  refilled: number;
  /** Fires when the channel may send again (or, idle, when it can be forgotten). */
  timer: unknown;
}

/** The key a Slack conversation is paced under. */
export function channelKey(teamId: string, channelId: string): string {
  return `${teamId}/${channelId}`;
}

/**
 * Starts Web API calls per channel at one per `intervalMs` after a burst of `burst`, one after
 * another; channels do not wait for each other. Slack's 429 + Retry-After is honoured by the Web
 * API client, which waits and retries the call: the channel's call is still running meanwhile,
 * so nothing else goes to that channel before Slack said it may. New messages (`post`) go before held updates, so a job's "Queued"
 * post waits for at most the call in flight and the rest of the interval. A job's update that is
 * still held is replaced by its newer one (the notifier renders the whole current state), except
 * that a final state is never replaced by progress. A channel is forgotten once it has nothing
 * held and its interval has passed, so memory follows the channels in use.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, Channel>();
  private stopped = false;
  private readonly burst: number;
  private readonly shed = new Map<string, number>();
  private shedReport: unknown = null;

  private readonly intervalMs: number;
  private readonly clock: PacerClock;
  private readonly options: PacerOptions;

  constructor(
    intervalMs: number = SLACK_CHANNEL_INTERVAL_MS,
    clock: PacerClock = SYSTEM_CLOCK,
    options: PacerOptions = {},
  ) {
    this.intervalMs = intervalMs;
    this.clock = clock;
    this.options = options;
    this.burst = Math.max(1, options.burst ?? 1);
  }

  /** Sends a new message in `channel` at its next turn; resolves with what `send` returned. */
  post<T>(channel: string, send: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = this.open(channel, reject);
      if (!queue) return;
      queue.posts.push({ send, final: true, waiters: [{ resolve: resolve as (value: unknown) => void, reject }] });
      this.pump(channel, queue);
    });
  }

  /**
   * Updates `key`'s message in `channel` at its next turn. Resolves once this update went out,
   * or once a newer update of the same key replaced it (its state is no longer worth showing);
   * rejects when its call fails. Callers waiting on a held final state wait for the final state
   * that replaces it.
   */
  update(channel: string, key: string, final: boolean, send: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const queue = this.open(channel, reject);
      if (!queue) return;
      const waiter: Waiter = { resolve: () => resolve(), reject };
      const held = queue.updates.get(key);
      // Progress older than a held final state: the final state goes out, this one never needs to.
      if (held?.final && !final) return resolve();
      if (held && !held.final) for (const w of held.waiters) w.resolve(undefined);
      if (!held && !final) this.makeRoomForProgress(channel, queue);
      // Map.set keeps a held key in its place, so replacing an update does not lose the job's turn.
      queue.updates.set(key, { send, final, waiters: held?.final ? [...held.waiters, waiter] : [waiter] });
      this.pump(channel, queue);
    });
  }

  /**
   * Keeps memory bounded in a channel busier than Slack lets us keep up with: beyond
   * `maxHeldProgress` held progress updates, the oldest is dropped (its caller resolves, as when
   * a newer state replaces it). Its job's next update or final state still goes out; first posts
   * and final states are never dropped.
   */
  private makeRoomForProgress(channel: string, queue: Channel): void {
    const max = this.options.maxHeldProgress;
    if (max === undefined) return;
    let progress = 0;
    for (const call of queue.updates.values()) if (!call.final) progress++;
    if (progress < max) return;
    for (const [key, call] of queue.updates) {
      if (call.final) continue;
      queue.updates.delete(key);
      for (const w of call.waiters) w.resolve(undefined);
      this.shed.set(channel, (this.shed.get(channel) ?? 0) + 1);
      this.scheduleShedReport();
      return;
    }
  }

  private scheduleShedReport(): void {
    if (this.shedReport !== null || !this.options.onShed) return;
    this.shedReport = this.clock.setTimeout(() => {
      this.shedReport = null;
      const report = new Map(this.shed);
      this.shed.clear();
      this.options.onShed?.(report);
    }, 1_000);
  }

  /** Channels with calls held or an interval still running (tests, metrics). */
  get trackedChannels(): number {
    return this.channels.size;
  }

  /** Shutdown: drops what was not sent yet (its callers' promises reject); calls in flight finish. */
  stop(): void {
    this.stopped = true;
    if (this.shedReport !== null) this.clock.clearTimeout(this.shedReport);
    for (const queue of this.channels.values()) {
      if (queue.timer !== null) this.clock.clearTimeout(queue.timer);
      for (const call of [...queue.posts, ...queue.updates.values()]) for (const w of call.waiters) w.reject(stoppedError());
    }
    this.channels.clear();
  }

  private open(channel: string, reject: (error: unknown) => void): Channel | null {
    if (this.stopped) {
      reject(stoppedError());
      return null;
    }
    let queue = this.channels.get(channel);
    if (!queue) {
      queue = { posts: [], updates: new Map(), busy: false, tokens: this.burst, refilled: this.clock.now(), timer: null };
      this.channels.set(channel, queue);
    }
    return queue;
  }

  private pump(channel: string, queue: Channel): void {
    if (this.stopped || queue.busy || queue.timer !== null) return;
    const now = this.clock.now();
    queue.tokens = Math.min(this.burst, queue.tokens + (now - queue.refilled) / this.intervalMs);
    queue.refilled = now;
    const idle = queue.posts.length === 0 && queue.updates.size === 0;
    // Idle: forgotten once its bucket is full again (a new call then starts from a full burst).
    const needed = idle ? this.burst : 1;
    if (queue.tokens < needed) {
      queue.timer = this.clock.setTimeout(
        () => {
          queue.timer = null;
          this.pump(channel, queue);
        },
        Math.ceil((needed - queue.tokens) * this.intervalMs),
      );
      return;
    }
    const call = queue.posts.shift() ?? this.takeUpdate(queue);
    if (!call) {
      this.channels.delete(channel);
      return;
    }
    queue.busy = true;
    queue.tokens -= 1;
    void Promise.resolve()
      .then(call.send)
      .then(
        (value) => call.waiters.forEach((w) => w.resolve(value)),
        (error: unknown) => call.waiters.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        queue.busy = false;
        this.pump(channel, queue);
      });
  }

  private takeUpdate(queue: Channel): Call | undefined {
    const next = queue.updates.entries().next();
    if (next.done) return undefined;
    queue.updates.delete(next.value[0]);
    return next.value[1];
  }
}

function stoppedError(): Error {
  return new Error("the Slack edge stopped before this message was sent");
}
