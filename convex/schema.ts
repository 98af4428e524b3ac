import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  nullable,
  vAspectRatio,
  vJobSource,
  vJobStatus,
  vLedgerKind,
  vNsfw,
  vPlan,
  vPlatform,
  vProvider,
  vReplyTarget,
  vRole,
  vScope,
  vSettings,
} from "./model/validators.ts";

/**
 * The seed's six tables (users, images, generationJobs, collections, apiKeys, usage) with every
 * index it names, extended with the chat data model: workspaces (the billing account), members,
 * identities, the credit ledger, collection links, per-workspace queue records and counters.
 *
 * Every row carries `appId`, the application-level id core uses ("job_01J..."); Convex `_id`s
 * never leave convex/. Times are epoch ms passed in by the caller (the engine's clock).
 * Nullable fields are stored as null (not omitted) so a row maps 1:1 onto its domain type.
 */
export default defineSchema({
  /**
   * People. Written by the Clerk webhook (user.created/updated/deleted) and by ensureMember
   * for chat users; read by user lookups. `plan` and the Stripe fields are the seed's
   * subscription data for a Clerk user's own workspace; chat workspaces bill on `workspaces`.
   * Storage counters are moved by jobs.complete and images.delete.
   */
  users: defineTable({
    appId: v.string(),
    clerkId: nullable(v.string()),
    email: nullable(v.string()),
    displayName: nullable(v.string()),
    imageUrl: nullable(v.string()),
    plan: vPlan,
    subscriptionStatus: nullable(v.string()),
    stripeCustomerId: nullable(v.string()),
    stripeSubscriptionId: nullable(v.string()),
    storageUsedBytes: v.number(),
    storageQuotaBytes: v.number(),
    preferences: v.any(),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_app_id", ["appId"])
    .index("by_clerk_id", ["clerkId"])
    .index("by_email", ["email"])
    .index("by_plan", ["plan"]),

  /** (platform, external user id) -> user. Written by ensureMember and the Clerk sync; read on every command. */
  identities: defineTable({
    appId: v.string(),
    userId: v.string(),
    platform: vPlatform,
    externalUserId: v.string(),
    createdAt: v.number(),
  })
    .index("by_platform_external", ["platform", "externalUserId"])
    .index("by_user", ["userId"]),

  /**
   * The billing account (guild, Slack team, console, a Clerk user's own space). `balance` is
   * moved only together with a ledger insert. Written by workspaces.*, credits.*, jobs.*; read by everything.
   */
  workspaces: defineTable({
    appId: v.string(),
    platform: vPlatform,
    externalId: v.string(),
    name: v.string(),
    plan: vPlan,
    balance: v.number(),
    storageUsedBytes: v.number(),
    storageQuotaBytes: v.number(),
    settings: vSettings,
    active: v.boolean(),
    stripeCustomerId: nullable(v.string()),
    stripeSubscriptionId: nullable(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
    /** Moves with every change a resolved actor carries (model/actorRevision.ts); absent reads as 0. */
    actorRevision: v.optional(v.number()),
  })
    .index("by_app_id", ["appId"])
    .index("by_platform_external", ["platform", "externalId"])
    .index("by_plan", ["plan"]),

  /**
   * A user's membership in a workspace. `queued` and `running` count the member's pending and
   * processing jobs: submit and claim enforce the per-member caps from them without scanning
   * jobs. Written by ensureMember/updateMember and every job transition; read by submit and claim.
   */
  members: defineTable({
    appId: v.string(),
    workspaceId: v.string(),
    userId: v.string(),
    role: vRole,
    dailyCapOverride: nullable(v.number()),
    banned: v.boolean(),
    queued: v.number(),
    running: v.number(),
    createdAt: v.number(),
  })
    .index("by_app_id", ["appId"])
    .index("by_workspace", ["workspaceId"])
    .index("by_workspace_user", ["workspaceId", "userId"])
    .index("by_user", ["userId"]),

  /**
   * Append-only credit movements; the sum per workspace equals workspaces.balance. Written by
   * credits.append, submit (charge), complete/fail/cancel/janitor (refund), refill; read by
   * /credits and the invariant checks. `dedupeKey` makes an entry happen at most once.
   */
  ledger: defineTable({
    appId: v.string(),
    workspaceId: v.string(),
    userId: nullable(v.string()),
    jobId: nullable(v.string()),
    kind: vLedgerKind,
    amount: v.number(),
    balanceAfter: v.number(),
    reason: v.string(),
    dedupeKey: nullable(v.string()),
    createdAt: v.number(),
  })
    .index("by_workspace_app_id", ["workspaceId", "appId"])
    .index("by_dedupe_key", ["dedupeKey"])
    // Forget re-points every row that names the person (model/adminForget.ts).
    .index("by_user", ["userId"]),

  /**
   * Refill periods ("YYYY-MM") already handled per workspace, including those where nothing was
   * due and the one the workspace was created in (its grant is that month's allowance).
   * Written and read by credits.refill only.
   */
  refills: defineTable({
    workspaceId: v.string(),
    period: v.string(),
    amount: v.number(),
    createdAt: v.number(),
  }).index("by_workspace_period", ["workspaceId", "period"]),

  /**
   * One-time workspace link codes (#19), kept by SHA-256 hash only. Written by links.createCode
   * and (usedAt) links.redeem; read by links.redeem. Not on any hot path.
   */
  linkCodes: defineTable({
    codeHash: v.string(),
    workspaceId: v.string(),
    createdAt: v.number(),
    expiresAt: v.number(),
    usedAt: nullable(v.number()),
    linkId: nullable(v.string()),
  }).index("by_code_hash", ["codeHash"]),

  /**
   * Workspace links (#19, core/domain/rules/link.ts): the joiner's bookings go to the owner's
   * ledger while `unlinkedAt` is null. Written by links.redeem and links.unlink, and (joinerNet)
   * by every booking routed from the joiner (model/ledger.ts), which already writes the pool's
   * workspace row, so the link adds no new contention. Each booking reads by_joiner_active for
   * its own workspace only: a per-workspace range, never a store-wide row.
   */
  workspaceLinks: defineTable({
    appId: v.string(),
    ownerWorkspaceId: v.string(),
    joinerWorkspaceId: v.string(),
    joinerLabel: v.string(),
    contributed: v.number(),
    joinerNet: v.number(),
    linkedAt: v.number(),
    unlinkedAt: nullable(v.number()),
    ownerKept: nullable(v.number()),
    joinerKept: nullable(v.number()),
  })
    .index("by_app_id", ["appId"])
    .index("by_owner_active", ["ownerWorkspaceId", "unlinkedAt"])
    .index("by_joiner_active", ["joinerWorkspaceId", "unlinkedAt"])
    .index("by_unlinked", ["unlinkedAt"]),

  /**
   * The delivery outbox (#14): a job's final state still to be shown in its reply target. One
   * row per job that ended with a reply target, inserted by the mutation that ended it
   * (model/applyEffects "queueDelivery"); leased by outbox.claim and marked by
   * outbox.markDelivered (core/engine/outbox-drain.ts, core/engine/delivery.ts). Not on the
   * submit or claim path, so no queue write contends with it.
   */
  deliveryOutbox: defineTable({
    jobId: v.string(),
    platform: v.string(),
    createdAt: v.number(),
    availableAt: v.number(),
    leaseOwner: v.union(v.string(), v.null()),
    deliveredAt: v.union(v.number(), v.null()),
  })
    .index("by_job", ["jobId"])
    .index("by_platform_due", ["platform", "deliveredAt", "availableAt"]),

  /**
   * The seed's generation jobs plus the queue fields (seq, lease, nextRunAt, attempts) and the
   * reply target. Written by jobs.submit/claim/heartbeat/complete/fail/release/cancel and the
   * janitor; read by workers, notifiers and /jobs. Claims read by_workspace_status_seq (FIFO
   * within a workspace), the janitor by_status_lease and by_status_created.
   */
  generationJobs: defineTable({
    appId: v.string(),
    seq: v.number(),
    workspaceId: v.string(),
    userId: v.string(),
    memberId: v.string(),
    source: vJobSource,
    idempotencyKey: nullable(v.string()),
    status: vJobStatus,
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
    /** Job.inputImageKey (issue #19). Optional only for jobs written before it existed. */
    inputImageKey: v.optional(nullable(v.string())),
    /** Job.strength (issue #19); optional as inputImageKey. */
    strength: v.optional(nullable(v.number())),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    attempts: v.number(),
    maxAttempts: v.number(),
    leaseOwner: nullable(v.string()),
    leaseExpiresAt: nullable(v.number()),
    nextRunAt: v.number(),
    errorCode: nullable(v.string()),
    errorMessage: nullable(v.string()),
    replyTarget: vReplyTarget,
    createdAt: v.number(),
    startedAt: nullable(v.number()),
    finishedAt: nullable(v.number()),
    providerMs: nullable(v.number()),
    uploadMs: nullable(v.number()),
    providerCostUsd: nullable(v.number()),
  })
    .index("by_app_id", ["appId"])
    .index("by_user", ["userId"])
    .index("by_user_status", ["userId", "status"])
    .index("by_status", ["status"])
    .index("by_created", ["createdAt"])
    .index("by_workspace_seq", ["workspaceId", "seq"])
    .index("by_workspace_status_seq", ["workspaceId", "status", "seq"])
    .index("by_workspace_user_seq", ["workspaceId", "userId", "seq"])
    .index("by_workspace_user_status_seq", ["workspaceId", "userId", "status", "seq"])
    .index("by_workspace_idempotency", ["workspaceId", "idempotencyKey"])
    .index("by_status_lease", ["status", "leaseExpiresAt"])
    .index("by_status_created", ["status", "createdAt"]),

  /**
   * One row per workspace that ever queued a job: the workspace's whole queue state, so that no
   * document is shared by submits or claims in different workspaces (model/ready-queues.ts).
   * `pending` counts its pending jobs; `lastSeq` is the last job seq issued in it (seqs order
   * jobs within a workspace; position = pending - jobs issued after); `lastServedSeq` is the
   * served marker (the claim's clock time, nudged past the newest marker; null = never), so
   * claim finds the least recently served workspaces with work by one index range (ties, among
   * never-served ones, by workspace id as in the SQLite store); `plan` is copied from the
   * workspace when a job arrives, so claim need not read the workspace row. lastSeq and plan
   * are optional only for rows written before they existed (filled in on next use).
   * Written by every transition into or out of "pending" and by claim; read by submit, claim,
   * position and the depth/new-work queries (which sum the ready rows).
   */
  queues: defineTable({
    workspaceId: v.string(),
    pending: v.number(),
    ready: v.boolean(),
    lastServedSeq: nullable(v.number()),
    lastSeq: v.optional(v.number()),
    plan: v.optional(vPlan),
    /** The workspace's NSFW policy, kept current by model/actorRevision.ts's trigger: claim answers it without reading the workspace. */
    nsfw: v.optional(vNsfw),
  })
    .index("by_workspace", ["workspaceId"])
    .index("by_ready_served", ["ready", "lastServedSeq", "workspaceId"]),

  /**
   * Store-wide counters (jobsEnqueued, jobsDequeued, workspacesServed). No longer written or
   * read since issue 18: every submit and claim writing them made all of them conflict. Kept
   * so deployments that have rows still validate; safe to clear.
   */
  counters: defineTable({ name: v.string(), value: v.number() }).index("by_name", ["name"]),

  /**
   * The seed's images: storage key (S3), URL (CloudFront or local), generation parameters and
   * visibility. Written by jobs.complete and images.delete; read by galleries, collections and
   * search. `by_public` serves the public gallery (private = false, newest first).
   */
  images: defineTable({
    appId: v.string(),
    jobId: v.string(),
    workspaceId: v.string(),
    userId: v.string(),
    index: v.number(),
    storageKey: v.string(),
    url: v.string(),
    contentType: v.string(),
    width: v.number(),
    height: v.number(),
    bytes: v.number(),
    prompt: v.string(),
    model: v.string(),
    seed: v.number(),
    aspectRatio: vAspectRatio,
    private: v.boolean(),
    createdAt: v.number(),
  })
    .index("by_app_id", ["appId"])
    .index("by_user", ["userId"])
    .index("by_user_created", ["userId", "createdAt"])
    .index("by_job", ["jobId", "index"])
    .index("by_model", ["model"])
    .index("by_public", ["private", "createdAt"])
    .index("by_workspace_app_id", ["workspaceId", "appId"])
    .index("by_workspace_user_app_id", ["workspaceId", "userId", "appId"])
    .searchIndex("search_prompt", { searchField: "prompt", filterFields: ["workspaceId", "userId", "private"] }),

  /**
   * The seed's collections: personal ones and a channel's shared one (`channelKey`), share
   * tokens and collaborators. The image counters keep listImages' totals free of scans.
   * Written by collections.* and jobs.complete; read by /c/<token> and the bots.
   */
  collections: defineTable({
    appId: v.string(),
    /** "channel": a channel's shared one; "saved": a member's own, one per workspace; "custom": made by /collections. */
    kind: v.union(v.literal("channel"), v.literal("saved"), v.literal("custom")),
    workspaceId: v.string(),
    userId: nullable(v.string()),
    channelKey: nullable(v.string()),
    name: v.string(),
    description: nullable(v.string()),
    shareToken: nullable(v.string()),
    isPublic: v.boolean(),
    collaboratorUserIds: v.array(v.string()),
    imageCount: v.number(),
    publicImageCount: v.number(),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_app_id", ["appId"])
    .index("by_user", ["userId"])
    .index("by_user_updated", ["userId", "updatedAt"])
    .index("by_public", ["isPublic"])
    .index("by_share_token", ["shareToken"])
    .index("by_workspace", ["workspaceId"])
    .index("by_workspace_channel", ["workspaceId", "channelKey"])
    .index("by_workspace_kind_user", ["workspaceId", "kind", "userId"]),

  /**
   * Collection <-> image links, with the image's visibility copied in so a page of public
   * images is one index range. Written by collections.addImage/removeImage,
   * jobs.complete and images.delete; read by listImages.
   */
  collectionImages: defineTable({
    collectionId: v.string(),
    imageId: v.string(),
    private: v.boolean(),
    addedBy: nullable(v.string()),
    addedAt: v.number(),
  })
    .index("by_collection_image", ["collectionId", "imageId"])
    .index("by_collection_added", ["collectionId", "addedAt"])
    .index("by_collection_private_added", ["collectionId", "private", "addedAt"])
    .index("by_image", ["imageId"])
    // Forget re-points the links a person added (model/adminForget.ts).
    .index("by_added_by", ["addedBy"]),

  /**
   * The seed's API keys: only the SHA-256 hash and the display prefix, scopes, rate limit and
   * usage counters. Written by apiKeys.create/revoke/touch; read by the REST API on every request.
   */
  apiKeys: defineTable({
    appId: v.string(),
    workspaceId: v.string(),
    userId: v.string(),
    name: v.string(),
    prefix: v.string(),
    keyHash: v.string(),
    scopes: v.array(vScope),
    rateLimitPerMinute: v.number(),
    requestCount: v.number(),
    lastUsedAt: nullable(v.number()),
    createdAt: v.number(),
    revokedAt: nullable(v.number()),
  })
    .index("by_app_id", ["appId"])
    .index("by_user", ["userId"])
    .index("by_key_hash", ["keyHash"])
    .index("by_prefix", ["prefix"])
    .index("by_workspace_created", ["workspaceId", "createdAt"]),

  /**
   * The seed's daily usage: one row per workspace, user and UTC day, with generation counts
   * (success rate derives from completed/failed), per-model image counts, storage, API requests
   * and cost. Written by job transitions and apiKeys.touch; read by /credits and reports.
   */
  usage: defineTable({
    workspaceId: v.string(),
    userId: v.string(),
    date: v.string(),
    requested: v.number(),
    completed: v.number(),
    failed: v.number(),
    cancelled: v.number(),
    images: v.number(),
    creditsCharged: v.number(),
    creditsRefunded: v.number(),
    storageBytes: v.number(),
    apiRequests: v.number(),
    providerCostUsd: v.number(),
    /** Model ids contain "/" and ".", which Convex field names do not allow, hence pairs. */
    models: v.array(v.object({ model: v.string(), images: v.number() })),
  })
    .index("by_user", ["userId"])
    .index("by_user_date", ["userId", "date"])
    .index("by_date", ["date"])
    .index("by_workspace_date", ["workspaceId", "date"])
    .index("by_workspace_user_date", ["workspaceId", "userId", "date"]),

  /**
   * An OAuth installation (Slack "Add to Slack"; core/ports/installation-store.ts). `appId` is
   * core's installation key, "<platform>/<enterprise id or ->/<team id or ->", so a reinstall
   * replaces the row; the platform's own app id is `platformAppId` (the port's `appId`). Team
   * null is an enterprise's org-wide install, whose workspace is null (each team resolves its own).
   * The bot token is sealed by core/domain/token-cipher.ts before it gets here. Written by
   * installations.save (install, reinstall) and admin imports; read by installations.find on
   * every event from the team; deleted by installations.remove (uninstall, token revocation).
   */
  installations: defineTable({
    appId: v.string(),
    platform: vPlatform,
    teamId: nullable(v.string()),
    enterpriseId: nullable(v.string()),
    workspaceId: nullable(v.string()),
    platformAppId: nullable(v.string()),
    botUserId: nullable(v.string()),
    botId: nullable(v.string()),
    botScopes: v.array(v.string()),
    encryptedBotToken: v.string(),
    installedByUserId: nullable(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_app_id", ["appId"])
    .index("by_platform_team", ["platform", "teamId"])
    .index("by_platform_enterprise_team", ["platform", "enterpriseId", "teamId"])
    .index("by_platform_installer", ["platform", "installedByUserId"])
    .index("by_workspace", ["workspaceId"]),

  /**
   * REST API token buckets, one per API key (core/domain/token-bucket.ts), so every replica
   * spends from the same bucket and a restart forgets nothing. Only requests with the same key
   * touch a row. Written and read by rateLimits.take.
   */
  rateLimits: defineTable({ key: v.string(), tokens: v.number(), at: v.number() }).index("by_key", ["key"]),

  /**
   * Webhook deliveries (core/ports/webhook-outbox.ts): the signed body's payload, the attempt
   * count and when the next may run, and the process holding it, so a retry survives a restart
   * and any replica resumes a delivery whose process stopped. No secrets: each attempt is signed
   * from the API key. Written by webhookDeliveries.open/claimDue/settle; read by the same.
   */
  webhookDeliveries: defineTable({
    eventId: v.string(),
    jobId: v.string(),
    workspaceId: v.string(),
    keyId: v.string(),
    url: v.string(),
    body: v.string(),
    state: v.union(v.literal("pending"), v.literal("delivered"), v.literal("failed")),
    attempts: v.number(),
    nextAttemptAt: v.number(),
    leaseOwner: nullable(v.string()),
    leaseExpiresAt: nullable(v.number()),
    lastError: nullable(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_event_id", ["eventId"])
    .index("by_state_next_attempt", ["state", "nextAttemptAt"]),
});
