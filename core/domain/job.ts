import type { AspectRatio } from "./aspect-ratios.ts";
import type { ProviderId } from "./models.ts";

/** The seed's job states. */
export const JOB_STATUSES = ["pending", "processing", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  // pending -> pending is a no-op; retries go processing -> pending.
  pending: ["processing", "failed", "cancelled"],
  processing: ["pending", "completed", "failed"],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: JobStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export type JobSource = "console" | "discord" | "slack" | "api";

/**
 * Where the result must be delivered. Opaque to the engine: each platform's notifier writes
 * and reads its own fields (Discord: application id, interaction token and its expiry, channel,
 * message; Slack: team, channel, message ts, response_url; console: a line number).
 */
export interface ReplyTarget {
  platform: string;
  [field: string]: unknown;
}

export interface Job {
  id: string;
  /** Monotonic enqueue order; queue positions derive from it without scanning. */
  seq: number;
  workspaceId: string;
  userId: string;
  memberId: string;
  source: JobSource;
  /** Scoped by source and workspace, e.g. "discord:<interaction id>"; null when the caller gave none. */
  idempotencyKey: string | null;
  status: JobStatus;
  prompt: string;
  negativePrompt: string | null;
  model: string;
  provider: ProviderId;
  aspectRatio: AspectRatio;
  count: number;
  seed: number;
  private: boolean;
  /** Channel the job was made in (platform-qualified), for channel collections; null for DMs/API. */
  channelKey: string | null;
  /** The job this one regenerates or varies, if any. */
  parentJobId: string | null;
  /**
   * Object-storage key of the job's own copy of its input image (issue #19), under the
   * workspace's prefix ("<workspace>/<day>/<job id>-input-<nonce>.<ext>"); null for a job from a
   * prompt alone. Written by submit, read by the worker on every attempt (a remix days later
   * never depends on a platform CDN link), deleted with the person by forget.
   */
  inputImageKey: string | null;
  /** With an input image: how far from it (0.05-1); null without one. */
  strength: number | null;
  creditsCharged: number;
  creditsRefunded: number;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  /** A pending job is not claimed before this time (retry backoff, Retry-After). */
  nextRunAt: number;
  errorCode: string | null;
  errorMessage: string | null;
  replyTarget: ReplyTarget | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  providerMs: number | null;
  uploadMs: number | null;
  /** What the provider reported the call cost, in US dollars, when it says. */
  providerCostUsd: number | null;
}
