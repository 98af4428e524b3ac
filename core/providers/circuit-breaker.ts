import { type Clock, systemClock } from "../ports/clock.ts";
import { type ImageProvider, ProviderError } from "../ports/image-provider.ts";
import { USER_MESSAGES } from "./shared/user-messages.ts";

export type BreakerState = "closed" | "open" | "half-open";

/**
 * - success: the service answered (a refusal or a bad request counts: it is up).
 * - failure: a retryable failure (timeout, network, 5xx, 429, out of credit).
 * - neutral: says nothing about the service (the caller aborted); only frees a probe.
 */
export type BreakerOutcome = "success" | "failure" | "neutral";

export interface CircuitBreakerOptions {
  /** Consecutive retryable failures that open the circuit. */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before letting one probe through. */
  coolDownMs?: number;
  clock?: Clock;
  /** Told of every state change, e.g. to log "openrouter circuit opened" for the operator. */
  onStateChange?: (from: BreakerState, to: BreakerState) => void;
}

export const CIRCUIT_BREAKER_DEFAULTS = { failureThreshold: 5, coolDownMs: 30_000 } as const;

/**
 * One per provider. Closed: calls pass, consecutive retryable failures are counted. Open: calls
 * are refused until the cool-down ends. Half-open: exactly one probe passes; its success closes
 * the circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private current: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly clock: Clock;

  private readonly options: CircuitBreakerOptions;

  constructor(options: CircuitBreakerOptions = {}) {
    this.options = options;
    this.threshold = options.failureThreshold ?? CIRCUIT_BREAKER_DEFAULTS.failureThreshold;
    this.coolDownMs = options.coolDownMs ?? CIRCUIT_BREAKER_DEFAULTS.coolDownMs;
    this.clock = options.clock ?? systemClock;
  }

  get state(): BreakerState {
    return this.current;
  }

  /**
   * True while a call would be refused: open and cooling down, or half-open with its probe
   * already out. The engine asks before claiming a job so queued jobs wait without spending an
   * attempt. Asking never changes the state.
   */
  isOpen(now = this.clock.now()): boolean {
    if (this.current === "closed") return false;
    if (this.current === "open") return now < this.openedAt + this.coolDownMs;
    return this.probing;
  }

  /** Milliseconds until an open circuit lets a probe through; 0 when it would pass now. */
  retryInMs(now = this.clock.now()): number {
    return this.current === "open" ? Math.max(0, this.openedAt + this.coolDownMs - now) : 0;
  }

  /** Admits a call or refuses it; an admitted call must be followed by exactly one record(). */
  tryAcquire(now = this.clock.now()): boolean {
    if (this.isOpen(now)) return false;
    if (this.current !== "closed") {
      this.transition("half-open");
      this.probing = true;
    }
    return true;
  }

  record(outcome: BreakerOutcome, now = this.clock.now()): void {
    const probe = this.probing;
    this.probing = false;
    if (outcome === "neutral") return;
    if (outcome === "success") {
      this.failures = 0;
      this.transition("closed");
      return;
    }
    this.failures += 1;
    if (probe || this.failures >= this.threshold) {
      this.openedAt = now;
      this.transition("open");
    }
  }

  private transition(to: BreakerState): void {
    if (to === this.current) return;
    const from = this.current;
    this.current = to;
    this.options.onStateChange?.(from, to);
  }
}

/**
 * The provider behind a breaker. While the circuit is open it throws PROVIDER_DEGRADED without
 * calling the provider: retryable, with the time left, so the engine re-queues the job without
 * spending an attempt. Permanent errors are the service answering and do not count against it.
 */
export function withCircuitBreaker(provider: ImageProvider, breaker: CircuitBreaker): ImageProvider {
  return {
    id: provider.id,
    async generate(input) {
      if (!breaker.tryAcquire()) {
        throw new ProviderError("PROVIDER_DEGRADED", `${provider.id} circuit is open after repeated failures`, {
          retryable: true,
          retryAfterMs: breaker.retryInMs(),
          userMessage: USER_MESSAGES.PROVIDER_DEGRADED,
        });
      }
      try {
        const output = await provider.generate(input);
        breaker.record("success");
        return output;
      } catch (error) {
        breaker.record(breakerOutcomeOf(error, input.signal));
        throw error;
      }
    },
  };
}

/** What a failed call says about the service (also used by the describers' breaker wrapper). */
export function breakerOutcomeOf(error: unknown, signal: AbortSignal): BreakerOutcome {
  // A shutdown or a lost lease aborts the call from our side; the engine's own timeout (a
  // TimeoutError reason) is still the service being too slow.
  const timedOut = signal.reason instanceof DOMException && signal.reason.name === "TimeoutError";
  if (signal.aborted && !timedOut) return "neutral";
  // Anything but a ProviderError is a bug on our side, not news about the service.
  if (!(error instanceof ProviderError)) return "neutral";
  return error.retryable ? "failure" : "success";
}
