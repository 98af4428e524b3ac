import type { Clock } from "../ports/clock.ts";
import type { PresignCredentials } from "./s3-presign.ts";

export interface Identity extends PresignCredentials {
  expiration?: Date;
}

/** Temporary credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * The newest credentials, readable synchronously for signing URLs. The provider is the S3
 * client's own (memoized by the SDK, so asking again is cheap); it is asked at start, by every
 * S3 call through refresh(), and in the background when what we hold is about to expire.
 */
export class CredentialSnapshot {
  private latest: Identity | null;
  private pending: Promise<Identity> | null = null;

  private readonly provider: () => Promise<Identity>;
  private readonly clock: Clock;

  constructor(
    provider: () => Promise<Identity>,
    clock: Clock,
    initial: Identity | null,
  ) {
    this.provider = provider;
    this.clock = clock;
    this.latest = initial;
  }

  refresh(): Promise<Identity> {
    this.pending ??= this.provider()
      .then((identity) => (this.latest = identity))
      .finally(() => (this.pending = null));
    return this.pending;
  }

  /** What to sign with now; null only before the first refresh has finished. */
  current(): Identity | null {
    const expiration = this.latest?.expiration?.getTime();
    if (!this.latest || (expiration !== undefined && expiration - this.clock.now() < RENEW_BEFORE_MS)) {
      // Failures surface on the next S3 call, which refreshes and awaits.
      this.refresh().catch(() => undefined);
    }
    return this.latest;
  }
}
