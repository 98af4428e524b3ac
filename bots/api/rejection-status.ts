import type { OutgoingHttpHeaders } from "node:http";
import type { Rejection, RejectionCode } from "../../core/domain/rejections.ts";

/** Every rejection code has a status here, so a new code cannot ship without one. */
const STATUS: Record<RejectionCode, number> = {
  INVALID_PROMPT: 400,
  INVALID_REQUEST: 400,
  BLOCKED_PROMPT: 400,
  UNKNOWN_MODEL: 400,
  UNSUPPORTED_ASPECT: 400,
  TOO_MANY_IMAGES: 400,
  INSUFFICIENT_CREDITS: 402,
  // Quotas that lift by themselves: the day ends, a queued job finishes.
  DAILY_CAP: 429,
  QUEUE_FULL: 429,
  STORAGE_FULL: 403,
  BANNED: 403,
  CHANNEL_NOT_ALLOWED: 403,
  WORKSPACE_INACTIVE: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NOT_CANCELLABLE: 409,
  IDEMPOTENCY_CONFLICT: 409,
  // Linking is a chat command; the API never answers with these, but every code has a status.
  LINK_CODE_UNKNOWN: 404,
  LINK_CODE_EXPIRED: 410,
  LINK_CODE_USED: 409,
  LINK_NOT_ALLOWED: 400,
  ALREADY_LINKED: 409,
  NOT_LINKED: 409,
  BAD_INPUT_IMAGE: 422,
  IMAGE_INPUT_UNSUPPORTED: 400,
  // The vision service behind /describe failed: a gateway's failure, worth trying again.
  DESCRIBE_FAILED: 502,
  // The engine retries these itself (API keys' actors never come from the cache anyway); a conflict if one ever escaped.
  ACTOR_CHANGED: 409,
};

export function rejectionStatus(rejection: Rejection, now: number): { status: number; headers: OutgoingHttpHeaders } {
  const status = STATUS[rejection.code];
  // A daily cap resets at UTC midnight, so the client can be told exactly when to come back.
  if (rejection.code === "DAILY_CAP") return { status, headers: { "retry-after": String(secondsToUtcMidnight(now)) } };
  return { status, headers: {} };
}

function secondsToUtcMidnight(now: number): number {
  const day = 86_400_000;
  return Math.max(1, Math.ceil((Math.floor(now / day + 1) * day - now) / 1000));
}
