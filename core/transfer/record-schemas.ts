import { z } from "zod";
import { ASPECT_RATIOS } from "../domain/aspect-ratios.ts";
import { JOB_STATUSES, type JobSource } from "../domain/job.ts";
import { LEDGER_KINDS } from "../domain/ledger.ts";
import { PROVIDER_IDS } from "../domain/models.ts";
import { PLAN_IDS } from "../domain/plans.ts";
import type { MemberRole, Platform } from "../domain/workspace.ts";
import { API_KEY_SCOPES } from "../ports/store.ts";
import type { TransferRecords, TransferTable } from "../ports/store-admin.ts";

/**
 * The export format, one schema per table: what `admin import` accepts on each line of
 * `<table>.jsonl`. Strict objects, so a file from another format version fails loudly instead
 * of losing fields. Each schema is typed against its record type, so the format and the domain
 * cannot drift apart silently.
 */
const PLATFORMS = ["discord", "slack", "console", "clerk"] as const satisfies readonly Platform[];
const JOB_SOURCES = ["console", "discord", "slack", "api"] as const satisfies readonly JobSource[];
const ROLES = ["member", "admin"] as const satisfies readonly MemberRole[];

const id = z.string().min(1);
const int = z.number().int();
const time = z.number().int().nonnegative();
const nullableString = z.string().nullable();
const nullableInt = int.nullable();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a YYYY-MM-DD date");

const settings = z.strictObject({
  defaultModel: nullableString,
  allowedModels: z.array(z.string()),
  blockWords: z.array(z.string()).nullable(),
  memberDailyCap: nullableInt,
  sharingEnabled: z.boolean(),
  allowedChannels: z.array(z.string()),
  nsfw: z.enum(["block", "allow"]),
});

export const RECORD_SCHEMAS: { [T in TransferTable]: z.ZodType<TransferRecords[T]> } = {
  users: z.strictObject({
    id,
    clerkId: nullableString,
    email: nullableString,
    displayName: nullableString,
    imageUrl: nullableString,
    preferences: z.record(z.string(), z.unknown()),
    createdAt: time,
    updatedAt: time,
  }),
  identities: z.strictObject({ id, userId: id, platform: z.enum(PLATFORMS), externalUserId: z.string().min(1), createdAt: time }),
  workspaces: z.strictObject({
    id,
    platform: z.enum(PLATFORMS),
    externalId: z.string().min(1),
    name: z.string(),
    plan: z.enum(PLAN_IDS),
    balance: int.nonnegative(),
    storageUsedBytes: int.nonnegative(),
    storageQuotaBytes: int.nonnegative(),
    settings,
    active: z.boolean(),
    stripeCustomerId: nullableString,
    stripeSubscriptionId: nullableString,
    createdAt: time,
    updatedAt: time,
  }),
  members: z.strictObject({
    id,
    workspaceId: id,
    userId: id,
    role: z.enum(ROLES),
    dailyCapOverride: nullableInt,
    banned: z.boolean(),
    createdAt: time,
  }),
  jobs: z.strictObject({
    id,
    seq: int.positive(),
    workspaceId: id,
    userId: id,
    memberId: id,
    source: z.enum(JOB_SOURCES),
    idempotencyKey: nullableString,
    status: z.enum(JOB_STATUSES),
    prompt: z.string(),
    negativePrompt: nullableString,
    model: z.string(),
    provider: z.enum(PROVIDER_IDS),
    aspectRatio: z.enum(ASPECT_RATIOS),
    count: int.positive(),
    seed: int.nonnegative(),
    private: z.boolean(),
    channelKey: nullableString,
    parentJobId: nullableString,
    // Exports written before issue #19 have neither field.
    inputImageKey: nullableString.default(null),
    strength: z.number().nullable().default(null),
    creditsCharged: int.nonnegative(),
    creditsRefunded: int.nonnegative(),
    attempts: int.nonnegative(),
    maxAttempts: int.positive(),
    leaseOwner: nullableString,
    leaseExpiresAt: nullableInt,
    nextRunAt: time,
    errorCode: nullableString,
    errorMessage: nullableString,
    replyTarget: z.looseObject({ platform: z.string() }).nullable(),
    createdAt: time,
    startedAt: nullableInt,
    finishedAt: nullableInt,
    providerMs: nullableInt,
    uploadMs: nullableInt,
    providerCostUsd: z.number().nullable(),
  }),
  images: z.strictObject({
    id,
    jobId: id,
    workspaceId: id,
    userId: id,
    index: int.nonnegative(),
    storageKey: z.string().min(1),
    url: z.string(),
    contentType: z.string(),
    width: int.positive(),
    height: int.positive(),
    bytes: int.nonnegative(),
    prompt: z.string(),
    model: z.string(),
    seed: int.nonnegative(),
    aspectRatio: z.enum(ASPECT_RATIOS),
    private: z.boolean(),
    createdAt: time,
  }),
  collections: z.strictObject({
    id,
    kind: z.enum(["channel", "saved", "custom"]),
    workspaceId: id,
    userId: id.nullable(),
    channelKey: nullableString,
    name: z.string(),
    description: nullableString,
    shareToken: nullableString,
    isPublic: z.boolean(),
    collaboratorUserIds: z.array(id),
    createdAt: time,
    updatedAt: time,
  }),
  collection_images: z.strictObject({ collectionId: id, imageId: id, addedBy: id.nullable(), addedAt: time }),
  api_keys: z.strictObject({
    id,
    workspaceId: id,
    userId: id,
    name: z.string(),
    prefix: z.string(),
    keyHash: z.string().min(1),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    rateLimitPerMinute: int.nonnegative(),
    requestCount: int.nonnegative(),
    lastUsedAt: nullableInt,
    createdAt: time,
    revokedAt: nullableInt,
  }),
  usage: z.strictObject({
    workspaceId: id,
    userId: id,
    date: day,
    requested: int,
    completed: int,
    failed: int,
    cancelled: int,
    images: int,
    creditsCharged: int,
    creditsRefunded: int,
    storageBytes: int,
    apiRequests: int,
    providerCostUsd: z.number(),
    models: z.record(z.string(), int),
  }),
  ledger: z.strictObject({
    id,
    workspaceId: id,
    userId: id.nullable(),
    jobId: id.nullable(),
    kind: z.enum(LEDGER_KINDS),
    amount: int,
    balanceAfter: int.nonnegative(),
    reason: z.string(),
    dedupeKey: nullableString,
    createdAt: time,
  }),
  refills: z.strictObject({
    workspaceId: id,
    period: z.string().regex(/^\d{4}-\d{2}$/, "must be a YYYY-MM period"),
    amount: int.nonnegative(),
    createdAt: time,
  }),
  installations: z.strictObject({
    id,
    platform: z.enum(PLATFORMS),
    teamId: nullableString,
    enterpriseId: nullableString,
    workspaceId: id.nullable(),
    appId: nullableString,
    botUserId: nullableString,
    botId: nullableString,
    botScopes: z.array(z.string()),
    encryptedBotToken: z.string().min(1),
    installedByUserId: nullableString,
    createdAt: time,
    updatedAt: time,
  }),
};
