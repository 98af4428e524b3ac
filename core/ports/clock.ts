/** Time is injected so tests can move it (lease expiry, backoff, queue age, UTC days). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
