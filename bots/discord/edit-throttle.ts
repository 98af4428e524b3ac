const MAX_TRACKED = 1_000;

interface JobEdits {
  last: number;
  /** Edits of one job run one after another, so they reach Discord in order. */
  chain: Promise<void>;
  pending: (() => Promise<void>) | null;
  timer: NodeJS.Timeout | null;
}

/**
 * At most one progress edit per job per `intervalMs`; a progress edit that comes too soon is
 * held and replaced by any later one, so the newest state still lands. A final edit goes out
 * at once and drops the held one.
 */
export class EditThrottle {
  private readonly jobs = new Map<string, JobEdits>();

  private readonly intervalMs: number;
  private readonly onHeldEditError: (error: unknown, key: string) => void;

  constructor(
    intervalMs: number,
    onHeldEditError: (error: unknown, key: string) => void,
  ) {
    this.intervalMs = intervalMs;
    this.onHeldEditError = onHeldEditError;
  }

  /** Resolves once this edit ran (or was held); rejects when an edit run now fails. */
  run(key: string, final: boolean, edit: () => Promise<void>): Promise<void> {
    const state = this.jobs.get(key) ?? this.track(key);
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    state.pending = null;
    const wait = state.last + this.intervalMs - Date.now();
    if (final || wait <= 0) {
      // A final state is the last edit a job needs: forget it.
      if (final) this.jobs.delete(key);
      return this.enqueue(state, edit);
    }
    state.pending = edit;
    state.timer = setTimeout(() => {
      state.timer = null;
      const held = state.pending;
      state.pending = null;
      if (held) this.enqueue(state, held).catch((error: unknown) => this.onHeldEditError(error, key));
    }, wait);
    state.timer.unref();
    return Promise.resolve();
  }

  /** Drops held edits (shutdown); edits already running finish. */
  stop(): void {
    for (const state of this.jobs.values()) if (state.timer) clearTimeout(state.timer);
    this.jobs.clear();
  }

  private track(key: string): JobEdits {
    // Jobs another process finishes never send their final edit here; forget idle ones.
    if (this.jobs.size >= MAX_TRACKED) {
      const idleBefore = Date.now() - this.intervalMs;
      for (const [k, s] of this.jobs) if (!s.timer && s.last < idleBefore) this.jobs.delete(k);
    }
    const state: JobEdits = { last: -Infinity, chain: Promise.resolve(), pending: null, timer: null };
    this.jobs.set(key, state);
    return state;
  }

  private enqueue(state: JobEdits, edit: () => Promise<void>): Promise<void> {
    state.last = Date.now();
    const ran = state.chain.then(edit);
    state.chain = ran.catch(() => undefined);
    return ran;
  }
}
