/**
 * Repeated deliveries of one /describe (a platform retry, a double click that reached us
 * twice) share the first one's work in this process: the second caller gets the first call's
 * answer instead of a second model call. Finished answers are kept for `keepMs`, at most
 * `maxEntries` of them (oldest dropped first), so memory stays bounded. Across processes or a
 * restart the ledger's dedupe key still charges once; only the model call may repeat.
 */
export class DescribeFlights<T> {
  private readonly flights = new Map<string, { promise: Promise<T>; settledAt: number | null }>();
  private readonly keepMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: { now: () => number; keepMs?: number; maxEntries?: number }) {
    this.now = options.now;
    this.keepMs = options.keepMs ?? 15 * 60_000;
    this.maxEntries = options.maxEntries ?? 1_000;
  }

  /** The running or recent answer under `key`, else `run()`'s, shared with later callers. */
  run(key: string, run: () => Promise<T>): { promise: Promise<T>; shared: boolean } {
    this.evict();
    const known = this.flights.get(key);
    if (known) return { promise: known.promise, shared: true };
    const entry: { promise: Promise<T>; settledAt: number | null } = { promise: run(), settledAt: null };
    const settle = () => {
      entry.settledAt = this.now();
    };
    void entry.promise.then(settle, settle);
    this.flights.set(key, entry);
    return { promise: entry.promise, shared: false };
  }

  /** Forgets an answer that must not be shared (a refusal the person may fix and retry under the same key). */
  forget(key: string): void {
    this.flights.delete(key);
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.flights) {
      if (entry.settledAt !== null && now - entry.settledAt > this.keepMs) this.flights.delete(key);
    }
    while (this.flights.size >= this.maxEntries) {
      const oldest = this.flights.keys().next().value;
      if (oldest === undefined) break;
      this.flights.delete(oldest);
    }
  }
}
