/**
 * A process-wide limit on answer bytes received at once. Each answer already has its own cap,
 * but caps times concurrency (PROVIDER_CONCURRENCY may be 256) is not a memory bound; this is.
 * A read that would take the total past the budget stops with a retryable error, so a burst of
 * huge answers costs about the budget, and the jobs try again when memory is free.
 *
 * Bytes of an abandoned answer are garbage, but the allocator does not hand them back to the
 * system until a collection runs; they stay counted for `abandonedHoldMs`, so what the budget
 * bounds is the process's resident memory, not just the bytes still referenced.
 */
export class AnswerBudget {
  private inFlight = 0;

  readonly maxBytes: number;
  private readonly abandonedHoldMs: number;

  constructor(maxBytes: number, abandonedHoldMs = 1_000) {
    this.maxBytes = maxBytes;
    this.abandonedHoldMs = abandonedHoldMs;
  }

  /**
   * False (and nothing taken) when `bytes` more would pass the budget. An answer that is the only
   * one holding budget (`own` is what it already took) may always go on to its own cap: the budget
   * bounds a crowd of answers, and a lone legitimate one larger than it (four base64 images from
   * one call) must not fail every attempt.
   */
  take(bytes: number, own = 0): boolean {
    const others = this.inFlight - own;
    if (others > 0 && this.inFlight + bytes > this.maxBytes) return false;
    this.inFlight += bytes;
    return true;
  }

  /** An answer was read whole: its bytes now belong to the caller. */
  give(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
  }

  /** An answer was cut off: its bytes are garbage, released once a collection has likely run. */
  abandon(bytes: number): void {
    if (bytes === 0) return;
    setTimeout(() => this.give(bytes), this.abandonedHoldMs).unref();
  }

  get used(): number {
    return this.inFlight;
  }
}

/**
 * Shared by every provider call and image download in the process. 12 MB holds a few realistic
 * answers at once (1-4 MB images, a third more as base64) and the largest allowed one (a 6 MB
 * image as base64, 8 MB), and keeps a flood of oversized answers well under 50 MB of resident
 * memory (measured: 33-36 MB growth for four 120 MB answers, allocator slack included;
 * unbounded it was ~950 MB).
 */
export const ANSWER_BUDGET = new AnswerBudget(12 * 1024 * 1024);
