import type { Collection, Image } from "../../domain/image.ts";
import type { Job, JobSource, JobStatus, ReplyTarget } from "../../domain/job.ts";
import type { LedgerEntry, LedgerKind } from "../../domain/ledger.ts";
import type { ProviderId } from "../../domain/models.ts";
import type { PlanId } from "../../domain/plans.ts";
import type { UsageDay } from "../../domain/usage.ts";
import {
  DEFAULT_WORKSPACE_SETTINGS,
  type Member,
  type MemberRole,
  type Platform,
  type User,
  type Workspace,
} from "../../domain/workspace.ts";
import type { ApiKey, ApiKeyScope } from "../../ports/store.ts";

/** SQLite has no booleans; flags are stored as 0/1. */
export const flag = (value: boolean): number => (value ? 1 : 0);

export interface WorkspaceRow {
  id: string;
  platform: string;
  external_id: string;
  name: string;
  plan: string;
  balance: number;
  storage_used_bytes: number;
  storage_quota_bytes: number;
  settings: string;
  active: number;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  created_at: number;
  updated_at: number;
}

export function toWorkspace(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    platform: row.platform as Platform,
    externalId: row.external_id,
    name: row.name,
    plan: row.plan as PlanId,
    balance: row.balance,
    storageUsedBytes: row.storage_used_bytes,
    storageQuotaBytes: row.storage_quota_bytes,
    // Defaults first so rows written before a setting existed read as that setting's default.
    settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...JSON.parse(row.settings) },
    active: row.active === 1,
    stripeCustomerId: row.stripe_customer_id,
    stripeSubscriptionId: row.stripe_subscription_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserRow {
  id: string;
  clerk_id: string | null;
  email: string | null;
  display_name: string | null;
  image_url: string | null;
  preferences: string;
  created_at: number;
  updated_at: number;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    clerkId: row.clerk_id,
    email: row.email,
    displayName: row.display_name,
    imageUrl: row.image_url,
    preferences: JSON.parse(row.preferences),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface MemberRow {
  id: string;
  workspace_id: string;
  user_id: string;
  role: string;
  daily_cap_override: number | null;
  banned: number;
  created_at: number;
}

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    role: row.role as MemberRole,
    dailyCapOverride: row.daily_cap_override,
    banned: row.banned === 1,
    createdAt: row.created_at,
  };
}

export interface LedgerRow {
  id: string;
  workspace_id: string;
  user_id: string | null;
  job_id: string | null;
  kind: string;
  amount: number;
  balance_after: number;
  reason: string;
  dedupe_key: string | null;
  created_at: number;
}

export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    jobId: row.job_id,
    kind: row.kind as LedgerKind,
    amount: row.amount,
    balanceAfter: row.balance_after,
    reason: row.reason,
    dedupeKey: row.dedupe_key,
    createdAt: row.created_at,
  };
}

export interface JobRow {
  id: string;
  seq: number;
  workspace_id: string;
  user_id: string;
  member_id: string;
  source: string;
  idempotency_key: string | null;
  status: string;
  prompt: string;
  negative_prompt: string | null;
  model: string;
  provider: string;
  aspect_ratio: string;
  count: number;
  seed: number;
  private: number;
  channel_key: string | null;
  parent_job_id: string | null;
  input_image_key: string | null;
  strength: number | null;
  credits_charged: number;
  credits_refunded: number;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  next_run_at: number;
  error_code: string | null;
  error_message: string | null;
  reply_target: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  provider_ms: number | null;
  upload_ms: number | null;
  provider_cost_usd: number | null;
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    seq: row.seq,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    memberId: row.member_id,
    source: row.source as JobSource,
    idempotencyKey: row.idempotency_key,
    status: row.status as JobStatus,
    prompt: row.prompt,
    negativePrompt: row.negative_prompt,
    model: row.model,
    provider: row.provider as ProviderId,
    aspectRatio: row.aspect_ratio as Job["aspectRatio"],
    count: row.count,
    seed: row.seed,
    private: row.private === 1,
    channelKey: row.channel_key,
    parentJobId: row.parent_job_id,
    inputImageKey: row.input_image_key,
    strength: row.strength,
    creditsCharged: row.credits_charged,
    creditsRefunded: row.credits_refunded,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    nextRunAt: row.next_run_at,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    replyTarget: row.reply_target === null ? null : (JSON.parse(row.reply_target) as ReplyTarget),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    providerMs: row.provider_ms,
    uploadMs: row.upload_ms,
    providerCostUsd: row.provider_cost_usd,
  };
}

export interface ImageRow {
  id: string;
  job_id: string;
  workspace_id: string;
  user_id: string;
  idx: number;
  storage_key: string;
  url: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  prompt: string;
  model: string;
  seed: number;
  aspect_ratio: string;
  private: number;
  created_at: number;
}

export function toImage(row: ImageRow): Image {
  return {
    id: row.id,
    jobId: row.job_id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    index: row.idx,
    storageKey: row.storage_key,
    url: row.url,
    contentType: row.content_type,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    prompt: row.prompt,
    model: row.model,
    seed: row.seed,
    aspectRatio: row.aspect_ratio as Image["aspectRatio"],
    private: row.private === 1,
    createdAt: row.created_at,
  };
}

/** A collections row plus its link count, selected as `image_count`. */
export interface CollectionRow {
  id: string;
  workspace_id: string;
  user_id: string | null;
  channel_key: string | null;
  name: string;
  description: string | null;
  share_token: string | null;
  is_public: number;
  collaborator_user_ids: string;
  image_count: number;
  created_at: number;
  updated_at: number;
}

export function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    channelKey: row.channel_key,
    name: row.name,
    description: row.description,
    shareToken: row.share_token,
    isPublic: row.is_public === 1,
    collaboratorUserIds: JSON.parse(row.collaborator_user_ids),
    imageCount: row.image_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UsageRow {
  workspace_id: string;
  user_id: string;
  date: string;
  requested: number;
  completed: number;
  failed: number;
  cancelled: number;
  images: number;
  credits_charged: number;
  credits_refunded: number;
  storage_bytes: number;
  api_requests: number;
  provider_cost_usd: number;
  models: string;
}

export function toUsageDay(row: UsageRow): UsageDay {
  return {
    workspaceId: row.workspace_id,
    userId: row.user_id,
    date: row.date,
    requested: row.requested,
    completed: row.completed,
    failed: row.failed,
    cancelled: row.cancelled,
    images: row.images,
    creditsCharged: row.credits_charged,
    creditsRefunded: row.credits_refunded,
    storageBytes: row.storage_bytes,
    apiRequests: row.api_requests,
    providerCostUsd: row.provider_cost_usd,
    models: JSON.parse(row.models),
  };
}

export interface ApiKeyRow {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  rate_limit_per_minute: number;
  request_count: number;
  last_used_at: number | null;
  created_at: number;
  revoked_at: number | null;
}

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    keyHash: row.key_hash,
    scopes: JSON.parse(row.scopes) as ApiKeyScope[],
    rateLimitPerMinute: row.rate_limit_per_minute,
    requestCount: row.request_count,
    lastUsedAt: row.last_used_at,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
