import { v, type Validator } from "convex/values";
import { JOB_STATUSES, type JobSource } from "../../core/domain/job.ts";
import { LEDGER_KINDS } from "../../core/domain/ledger.ts";
import { PROVIDER_IDS } from "../../core/domain/models.ts";
import { ASPECT_RATIOS } from "../../core/domain/aspect-ratios.ts";
import { PLAN_IDS } from "../../core/domain/plans.ts";
import { API_KEY_SCOPES } from "../../core/ports/store.ts";
import type { MemberRole, NsfwPolicy, Platform } from "../../core/domain/workspace.ts";

/**
 * Validators built from core/domain's lists, so a plan, status or model kind added there is
 * accepted here without being written twice.
 */
function literals<const T extends readonly string[]>(values: T): Validator<T[number]> {
  const [first, second, ...rest] = values.map((value) => v.literal(value));
  if (!first || !second) throw new Error("literals() needs at least two values");
  return v.union(first, second, ...rest) as unknown as Validator<T[number]>;
}

// Domain types that are plain unions: the `satisfies` checks keep these lists complete.
const PLATFORMS = ["discord", "slack", "console", "clerk"] as const satisfies readonly Platform[];
const JOB_SOURCES = ["console", "discord", "slack", "api"] as const satisfies readonly JobSource[];
const ROLES = ["member", "admin"] as const satisfies readonly MemberRole[];
const NSFW = ["block", "allow"] as const satisfies readonly NsfwPolicy[];

export const vPlan = literals(PLAN_IDS);
export const vPlatform = literals(PLATFORMS);
export const vJobStatus = literals(JOB_STATUSES);
export const vJobSource = literals(JOB_SOURCES);
export const vLedgerKind = literals(LEDGER_KINDS);
export const vProvider = literals(PROVIDER_IDS);
export const vAspectRatio = literals(ASPECT_RATIOS);
export const vRole = literals(ROLES);
export const vScope = literals(API_KEY_SCOPES);

export const nullable = <T>(validator: Validator<T, "required", string>) => v.union(validator, v.null());

/**
 * Opaque to the store: each platform's notifier owns its fields (see ReplyTarget), so the
 * shape is not validated here beyond being a Convex value.
 */
export const vReplyTarget = v.any();

export const vNsfw = literals(NSFW);

export const vSettings = v.object({
  defaultModel: nullable(v.string()),
  allowedModels: v.array(v.string()),
  blockWords: nullable(v.array(v.string())),
  memberDailyCap: nullable(v.number()),
  sharingEnabled: v.boolean(),
  allowedChannels: v.array(v.string()),
  nsfw: vNsfw,
});

/** Partial<WorkspaceSettings>, for workspaces.updateSettings. */
export const vSettingsPatch = v.object({
  defaultModel: v.optional(nullable(v.string())),
  allowedModels: v.optional(v.array(v.string())),
  blockWords: v.optional(nullable(v.array(v.string()))),
  memberDailyCap: v.optional(nullable(v.number())),
  sharingEnabled: v.optional(v.boolean()),
  allowedChannels: v.optional(v.array(v.string())),
  nsfw: v.optional(vNsfw),
});

/** core/ports/store.ts NewJob, as the bots send it to jobs.submit. */
export const vNewJob = v.object({
  id: v.string(),
  workspaceId: v.string(),
  userId: v.string(),
  memberId: v.string(),
  source: vJobSource,
  idempotencyKey: nullable(v.string()),
  prompt: v.string(),
  negativePrompt: nullable(v.string()),
  model: v.string(),
  provider: vProvider,
  aspectRatio: vAspectRatio,
  count: v.number(),
  seed: v.number(),
  private: v.boolean(),
  channelKey: nullable(v.string()),
  parentJobId: nullable(v.string()),
  inputImageKey: v.optional(nullable(v.string())),
  strength: v.optional(nullable(v.number())),
  price: v.number(),
  maxAttempts: v.number(),
  replyTarget: vReplyTarget,
  now: v.number(),
  actorRevision: v.optional(v.number()),
});

export const vCompletedImage = v.object({
  id: v.string(),
  index: v.number(),
  storageKey: v.string(),
  url: v.string(),
  contentType: v.string(),
  width: v.number(),
  height: v.number(),
  bytes: v.number(),
});

/** A number per plan: functions cannot cross the wire, so the caller evaluates per-plan caps. */
export const vPerPlan = v.object({ FREE: v.number(), PRO: v.number(), ENTERPRISE: v.number() });
