import type { Clock } from "../ports/clock.ts";

export interface FailedAuthOptions {
  /** Failed attempts an address may make per window before it is answered 429. */
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at once; past it the oldest are forgotten (a spread-out attack defeats per-address limits anyway). */
  maxAddresses: number;
}

export const FAILED_AUTH_DEFAULTS = { maxFailures: 10, windowMs: 60_000, maxAddresses: 50_000 } as const satisfies FailedAuthOptions;

interface Window {
  start: number;
  failures: number;
}

/**
 * Counts failed API-key authentications per client address in fixed windows. Only failures are
 * counted and only failures are refused: a request with a valid key is served whatever its
 * address has done, so someone guessing from behind the same NAT or proxy never slows a real
 * client. Refusing valid keys too would buy nothing: keys carry 192 random bits, so the throttle
 * is about load and noise, not about making a guess land.
 */
export class FailedAuthThrottle {
  private readonly windows = new Map<string, Window>();

  private readonly clock: Clock;
  private readonly options: FailedAuthOptions;

  constructor(clock: Clock, options: FailedAuthOptions = FAILED_AUTH_DEFAULTS) {
    this.clock = clock;
    this.options = options;
  }

  /** Records a failure; null while the address is within its allowance, else ms until the window ends. */
  fail(address: string): number | null {
    const now = this.clock.now();
    const id = addressBucket(address);
    let window = this.windows.get(id);
    if (!window || now - window.start >= this.options.windowMs || now < window.start) {
      window = { start: now, failures: 0 };
      this.windows.delete(id);
      this.windows.set(id, window);
      this.prune(now);
    }
    window.failures += 1;
    if (window.failures <= this.options.maxFailures) return null;
    return window.start + this.options.windowMs - now;
  }

  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    if (this.windows.size <= this.options.maxAddresses) return;
    // Map keeps insertion order and a new window is re-inserted, so the oldest come first.
    for (const [id, window] of this.windows) {
      if (this.windows.size <= this.options.maxAddresses && now - window.start < this.options.windowMs) break;
      this.windows.delete(id);
    }
  }
}

/**
 * IPv4 addresses (mapped ones included) count alone; IPv6 ones by their /64, since one host or
 * home usually holds a whole /64 and could otherwise rotate through it.
 */
export function addressBucket(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, "").toLowerCase())
    .join(":")}::/64`;
}
