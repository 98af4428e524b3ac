/**
 * Every reason a request can be turned away before it costs anything. Codes are stable (bots,
 * the REST API and tests branch on them); messages are written for the person who typed the
 * command.
 */
export const REJECTION_CODES = [
  "INVALID_PROMPT",
  "INVALID_REQUEST",
  "BLOCKED_PROMPT",
  "UNKNOWN_MODEL",
  "UNSUPPORTED_ASPECT",
  "TOO_MANY_IMAGES",
  "INSUFFICIENT_CREDITS",
  "DAILY_CAP",
  "QUEUE_FULL",
  "STORAGE_FULL",
  "BANNED",
  "CHANNEL_NOT_ALLOWED",
  "WORKSPACE_INACTIVE",
  "NOT_FOUND",
  "FORBIDDEN",
  "NOT_CANCELLABLE",
  /** The REST API saw this Idempotency-Key before, with a different request. */
  "IDEMPOTENCY_CONFLICT",
  /** Workspace links (rules/link.ts): a code nobody issued, one past its ten minutes, one already redeemed. */
  "LINK_CODE_UNKNOWN",
  "LINK_CODE_EXPIRED",
  "LINK_CODE_USED",
  /** A link between a workspace and itself, or two workspaces of the same platform. */
  "LINK_NOT_ALLOWED",
  /** One of the two workspaces already shares a pool. */
  "ALREADY_LINKED",
  /** Unlink or status on a workspace that shares no pool. */
  "NOT_LINKED",
  /** The input image could not be used: not an image, too large, unreachable, or gone. */
  "BAD_INPUT_IMAGE",
  /** The chosen model does not take an input image. */
  "IMAGE_INPUT_UNSUPPORTED",
  /** /describe's vision model failed or answered with something unusable (nothing is charged). */
  "DESCRIBE_FAILED",
  /**
   * A submit from a cached actor whose workspace changed since it was cached (NewJob.actorRevision):
   * nothing was written, and the engine resolves the actor again and resubmits, so no one sees it.
   */
  "ACTOR_CHANGED",
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  code: RejectionCode;
  message: string;
  /** Structured facts for renderers, e.g. `{ balance: 2, price: 4 }`. */
  details?: Record<string, unknown>;
}

export function reject(code: RejectionCode, message: string, details?: Record<string, unknown>): Rejection {
  return details ? { code, message, details } : { code, message };
}
