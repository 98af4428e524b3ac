import type { Collection, Image } from "../domain/image.ts";
import type { Job, JobSource, JobStatus, ReplyTarget } from "../domain/job.ts";
import type { LedgerEntry, LedgerKind } from "../domain/ledger.ts";
import type { ProviderId } from "../domain/models.ts";
import type { PlanId } from "../domain/plans.ts";
import type { Rejection } from "../domain/rejections.ts";
import type { OneOffCharge } from "../domain/rules/one-off-charge.ts";
import type { Result } from "../domain/result.ts";
import type { UsageDay } from "../domain/usage.ts";
import type { Member, MemberRole, NsfwPolicy, Platform, User, Workspace, WorkspaceSettings } from "../domain/workspace.ts";
import type { LinkCode, WorkspaceLink } from "../domain/workspace-link.ts";
import type { RateLimitStore } from "./rate-limit-store.ts";
import type { WebhookOutbox } from "./webhook-outbox.ts";

/**
 * The persistence port. Every method is atomic on its own (one transaction, or one Convex
 * mutation); nothing here needs two calls to keep an invariant. Times are epoch milliseconds
 * passed in by the caller (the engine's clock), never read inside the store.
 *
 * Adapters: core/stores/sqlite (embedded default), core/stores/convex (production). Both run
 * test/contract/store-contract.ts.
 */
export interface Store {
  readonly workspaces: WorkspaceStore;
  readonly credits: CreditStore;
  readonly jobs: JobStore;
  readonly images: ImageStore;
  readonly collections: CollectionStore;
  readonly usage: UsageStore;
  readonly apiKeys: ApiKeyStore;
  readonly outbox: OutboxStore;
  readonly links: LinkStore;
  /**
   * Optional push capability: calls `onChange` when pending work may have appeared in the
   * store (a job submitted or put back by any process), so idle workers need not wait for
   * their poll. It may call spuriously and may coalesce several changes into one call; it is
   * a hint, never the only way work is found (workers keep polling as a safety net). Returns
   * an unsubscribe function (idempotent). Stores without it are polled only.
   */
  watchQueue?(onChange: () => void): () => void;
  /**
   * REST rate limits kept in the store, shared by every process using it and durable across
   * restarts (Convex). Absent (SQLite): the API keeps them in process memory, which on one
   * machine is the same limit.
   */
  readonly rateLimits?: RateLimitStore;
  /** Webhook deliveries kept in the store (Convex), as rateLimits; absent: in process memory. */
  readonly webhookOutbox?: WebhookOutbox;
  /** Releases connections and file handles. Idempotent. */
  close(): Promise<void>;
}

export interface WorkspaceStore {
  /**
   * Finds the workspace for (platform, externalId) or creates it on `plan` with a "grant" ledger
   * entry of the plan's monthly credits. Concurrent calls create exactly one.
   */
  ensure(input: { platform: Platform; externalId: string; name: string; plan: PlanId; now: number }): Promise<Workspace>;
  /** Null when unknown. */
  get(id: string): Promise<Workspace | null>;
  /** Null when unknown. */
  findByExternal(platform: Platform, externalId: string): Promise<Workspace | null>;
  list(): Promise<Workspace[]>;
  /** Merges `patch` into the settings; null when the workspace is unknown. */
  updateSettings(id: string, patch: Partial<WorkspaceSettings>, now: number): Promise<Workspace | null>;
  /** Changes plan and storage quota (no credit movement: refills follow the new plan). */
  setPlan(id: string, plan: PlanId, now: number): Promise<Workspace | null>;
  setActive(id: string, active: boolean, now: number): Promise<Workspace | null>;

  /**
   * Finds the user behind (platform, externalUserId) or creates user + identity, then the
   * membership in `workspaceId` (created with `role`). An existing member's role is raised to
   * `role` when `role` is "admin" (platform admins stay admins) but never lowered here.
   */
  ensureMember(input: {
    workspaceId: string;
    platform: Platform;
    externalUserId: string;
    displayName: string | null;
    role: MemberRole;
    now: number;
  }): Promise<{ user: User; member: Member }>;
  getMember(workspaceId: string, userId: string): Promise<Member | null>;
  /** Null when unknown. */
  findUserByIdentity(platform: Platform, externalUserId: string): Promise<User | null>;
  getUser(id: string): Promise<User | null>;
  updateMember(
    memberId: string,
    patch: Partial<Pick<Member, "role" | "dailyCapOverride" | "banned">>,
  ): Promise<Member | null>;
  listMembers(workspaceId: string): Promise<Member[]>;
  /**
   * The workspace's actor revision, with the columns that move on every job (read fresh, never
   * cached). The revision changes whenever anything a resolved actor carries changes: the
   * workspace's settings, plan, quota or status, any of its members, or the users and
   * identities behind them, whichever process wrote it. Null when the workspace is unknown.
   * Optional: a store without it gets no actor cache (core/engine/actor-cache.ts).
   */
  actorRevision?(workspaceId: string): Promise<ActorRevision | null>;
}

export interface ActorRevision {
  revision: number;
  balance: number;
  storageUsedBytes: number;
  updatedAt: number;
}

export interface CreditStore {
  /**
   * Appends an entry and moves the balance in the same transaction. Refuses (ok:false,
   * INSUFFICIENT_CREDITS) when the balance would go negative. With a `dedupeKey` already used,
   * returns the existing entry and moves nothing.
   */
  append(input: {
    workspaceId: string;
    kind: LedgerKind;
    amount: number;
    reason: string;
    userId?: string | null;
    jobId?: string | null;
    dedupeKey?: string | null;
    now: number;
  }): Promise<Result<LedgerEntry, Rejection>>;
  /** Newest first. */
  list(workspaceId: string, limit: number): Promise<LedgerEntry[]>;
  /** Sum of all ledger entries (for invariant checks; the workspace row holds the same number). */
  ledgerSum(workspaceId: string): Promise<number>;
  /**
   * Tops the balance up to the plan's monthly amount once per `period` ("YYYY-MM"). Returns the
   * entry, or null when this period's refill already happened or nothing was due.
   */
  refill(workspaceId: string, period: string, now: number): Promise<LedgerEntry | null>;
  /**
   * One transaction: books a charge for work already done (/describe) with the rule of
   * rules/one-off-charge.ts (dedupe key, member, ban, balance, daily cap) and adds it to the
   * day's usage. A used dedupe key answers the first entry with `duplicate: true` and moves
   * nothing; a rejection changes nothing.
   */
  chargeOnce(input: OneOffCharge): Promise<Result<{ entry: LedgerEntry; duplicate: boolean }, Rejection>>;
}

/**
 * Workspace links: two workspaces of different platforms sharing one credit pool (#19). The
 * rules (who owns the pool, what linking and unlinking book, where a joiner's bookings go) are
 * core/domain/rules/link.ts; every CreditStore and JobStore booking of a joiner goes to its
 * pool owner's ledger while the link is active.
 */
export interface LinkStore {
  /** Keeps a new code (its hash only). ALREADY_LINKED when the workspace already shares a pool. */
  createCode(input: { codeHash: string; workspaceId: string; expiresAt: number; now: number }): Promise<Result<LinkCode, Rejection>>;
  /**
   * One transaction: reads the code, both workspaces and their links, and applies decideLink.
   * Two concurrent redemptions of one code make exactly one link; the other is LINK_CODE_USED.
   * Every rejection changes nothing.
   */
  redeem(input: { codeHash: string; workspaceId: string; linkId: string; now: number }): Promise<Result<WorkspaceLink, Rejection>>;
  /** One transaction: ends the workspace's active link (either role) per decideUnlink; NOT_LINKED when none. */
  unlink(input: { workspaceId: string; now: number }): Promise<Result<WorkspaceLink, Rejection>>;
  /** The workspace's active link in either role; null when it shares no pool. */
  active(workspaceId: string): Promise<WorkspaceLink | null>;
  /** Every active link, oldest first (the operator's list). */
  list(): Promise<WorkspaceLink[]>;
}

export interface NewJob {
  id: string;
  workspaceId: string;
  userId: string;
  memberId: string;
  source: JobSource;
  idempotencyKey: string | null;
  prompt: string;
  negativePrompt: string | null;
  model: string;
  provider: ProviderId;
  aspectRatio: Job["aspectRatio"];
  count: number;
  seed: number;
  private: boolean;
  channelKey: string | null;
  parentJobId: string | null;
  /** Job.inputImageKey; absent means null. */
  inputImageKey?: string | null;
  /** Job.strength; absent means null. */
  strength?: number | null;
  price: number;
  maxAttempts: number;
  replyTarget: ReplyTarget | null;
  now: number;
  /**
   * The workspace's actor revision the caller's actor was resolved at, when it came from the
   * actor cache unchecked (core/engine/actor-cache.ts). If the revision has moved since (a ban,
   * a role, the plan, the settings), the submit writes nothing and answers ACTOR_CHANGED, and
   * the caller resolves again: the check a cached actor would otherwise cost as a read of its
   * own before every submit. Absent: the caller read the actor from the store.
   */
  actorRevision?: number;
}

/** The limits `submit` enforces inside its transaction. */
export interface SubmitLimits {
  /** Jobs the member may have pending. */
  maxQueuedPerMember: number;
  /** Net credits (charged - refunded) the member may spend per UTC day; null = no cap. */
  dailyCap: number | null;
}

export interface Submitted {
  job: Job;
  /** 1-based queue position (estimate under fair scheduling), null once the job left the queue. */
  position: number | null;
  /** True when the idempotency key matched an existing job: nothing was charged this time. */
  duplicate: boolean;
}

export interface ClaimOptions {
  workerId: string;
  now: number;
  leaseMs: number;
  /** Providers this worker may take jobs for (those with free concurrency slots). */
  providers: readonly ProviderId[];
  /** Per-member running cap by plan, so a member never holds more than their plan allows. */
  maxRunningPerMember: (plan: PlanId) => number;
}

/** Free run slots per provider for a batched claim: how many jobs of each it may lease now. */
export type ClaimSlots = Partial<Record<ProviderId, number>>;

export interface CompletedImage {
  id: string;
  index: number;
  storageKey: string;
  url: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

/**
 * A job a claim leased, with what its run needs from its workspace, read in the claim's own
 * transaction: the NSFW policy as the job starts (an admin's switch to "block" covers jobs
 * already queued), so a worker reads nothing else before calling the provider.
 */
export interface LeasedJob {
  job: Job;
  nsfw: NsfwPolicy;
}

export interface JobStore {
  /**
   * One transaction: idempotency (same workspace + key returns the existing job, charging
   * nothing), ban, balance, daily cap and queue cap checks, ledger charge ("charge:<job id>"),
   * job insert, usage "requested". Rejections (BANNED, INSUFFICIENT_CREDITS with {balance,
   * price}, DAILY_CAP with {cap, spent, price}, QUEUE_FULL with {max}) change nothing.
   */
  submit(job: NewJob, limits: SubmitLimits): Promise<Result<Submitted, Rejection>>;
  /** Null when unknown. */
  get(id: string): Promise<Job | null>;
  /** Newest first. */
  list(filter: { workspaceId: string; userId?: string; status?: Job["status"]; limit: number }): Promise<Job[]>;
  /** 1-based position while pending, else null. */
  position(jobId: string): Promise<number | null>;
  /**
   * Jobs pending store-wide, from counters, O(1): every job ever enqueued minus those that
   * left pending (net of jobs put back). Counts retries waiting for their nextRunAt too. Cheap
   * enough to read on every metrics scrape.
   */
  queueDepth(): Promise<number>;
  /**
   * Leases the next runnable job (pending, nextRunAt <= now, provider in `providers`, member
   * under its running cap), fairly across workspaces: the workspace served least recently
   * goes first, FIFO within it. Increments attempts, sets startedAt on the first attempt.
   * Null when nothing is runnable.
   */
  claim(options: ClaimOptions): Promise<LeasedJob | null>;
  /**
   * Optional batched claim: in one transaction, leases jobs as `claim` would, one after the
   * other, until `limit` jobs, no provider in `slots` has a free slot, or nothing is runnable
   * (`options.providers` is ignored: a provider may be claimed for while its slot count is
   * positive). Same fairness and caps as repeated `claim` calls. Stores without it are
   * claimed from one job at a time.
   */
  claimMany?(options: ClaimOptions, slots: ClaimSlots, limit: number): Promise<LeasedJob[]>;
  /** Extends the lease; false when `workerId` no longer owns the job (it must stop). */
  heartbeat(jobId: string, workerId: string, leaseUntil: number): Promise<boolean>;
  /**
   * processing -> completed, owned by `workerId` only (else null and nothing changes). Records
   * the images (joining the channel collection unless private), storage bytes, usage
   * "completed" and per-model counts, and refunds the missing images ("refund:<job id>").
   */
  complete(input: {
    jobId: string;
    workerId: string;
    images: CompletedImage[];
    providerMs: number;
    uploadMs: number;
    providerCostUsd: number | null;
    now: number;
  }): Promise<Job | null>;
  /**
   * Owned by `workerId` only (else null). With `retryAt` the job goes back to pending to run
   * again at that time; without, processing -> failed with a full refund and usage "failed".
   */
  fail(input: {
    jobId: string;
    workerId: string;
    errorCode: string;
    errorMessage: string;
    retryAt: number | null;
    now: number;
  }): Promise<Job | null>;
  /**
   * Puts a processing job back to pending without spending an attempt (graceful shutdown,
   * circuit open). Owned by `workerId` only.
   */
  release(jobId: string, workerId: string, runAt: number, now: number): Promise<Job | null>;
  /**
   * pending -> cancelled with a full refund and usage "cancelled". NOT_FOUND, or
   * NOT_CANCELLABLE when the job is no longer pending. Permission is checked by the engine.
   */
  cancel(jobId: string, now: number): Promise<Result<Job, Rejection>>;
  /** Jobs whose lease expired go back to pending (attempt already counted). Returns them. */
  requeueExpired(now: number): Promise<Job[]>;
  /** Pending jobs created before `createdBefore` fail with QUEUE_TIMEOUT and a full refund. */
  failStale(createdBefore: number, now: number): Promise<Job[]>;
  /**
   * Sets the reply target (e.g. after the bot posted its message and learned its id). Answers
   * the job's status as of that write (null, writing nothing, for an unknown job), so a caller
   * that must redeliver a job that already moved on needs no second read.
   */
  setReplyTarget(jobId: string, target: ReplyTarget): Promise<JobStatus | null>;
  /**
   * The job's stored input copy `key` was deleted (with its images, issue #19): in one
   * transaction the job stops naming it and the bytes submit counted for it leave the workspace's
   * and the user's storage totals (rules/input-image.ts). Null, changing nothing, when the job is
   * unknown, still queued or running, or no longer names `key`.
   */
  releaseInputImage(jobId: string, key: string, now: number): Promise<Job | null>;
}

export interface ImageStore {
  get(id: string): Promise<Image | null>;
  listForJob(jobId: string): Promise<Image[]>;
  /** Newest first; `cursor` is the last id of the previous page. */
  list(filter: { workspaceId: string; userId?: string; cursor?: string; limit: number }): Promise<{
    images: Image[];
    nextCursor: string | null;
  }>;
  /**
   * Prompt search within a workspace, newest first. Semantics both adapters share: the query is
   * split into words; every word must appear in the prompt (case-insensitive), the last word
   * may be a prefix ("ligh" finds "lighthouse"), earlier words match whole words. Private
   * images appear only when `viewerUserId` owns them. Empty query -> no results.
   */
  search(filter: { workspaceId: string; query: string; viewerUserId: string; offset: number; limit: number }): Promise<{
    images: Image[];
    total: number;
  }>;
  /** Removes the row, its collection links and its storage bytes from the workspace total. */
  delete(id: string, now: number): Promise<Image | null>;
}

export interface CollectionStore {
  /** The channel's shared collection, created on first use (with a share token). */
  ensureForChannel(input: { workspaceId: string; channelKey: string; name: string; now: number }): Promise<Collection>;
  /** The member's personal "saved" collection in the workspace, created on first use. */
  ensureForUser(input: { workspaceId: string; userId: string; name: string; now: number }): Promise<Collection>;
  get(id: string): Promise<Collection | null>;
  getByShareToken(token: string): Promise<Collection | null>;
  listForWorkspace(workspaceId: string): Promise<Collection[]>;
  create(input: { workspaceId: string; userId: string | null; name: string; now: number }): Promise<Collection>;
  /** Idempotent: adding an image twice keeps one link. False when either side is unknown. */
  addImage(collectionId: string, imageId: string, addedBy: string | null, now: number): Promise<boolean>;
  removeImage(collectionId: string, imageId: string, now: number): Promise<boolean>;
  /** Newest first, public images only unless `includePrivate`. */
  listImages(
    collectionId: string,
    page: { offset: number; limit: number; includePrivate?: boolean },
  ): Promise<{ images: Image[]; total: number }>;
  /** Issues a new token (revoking the old one) or, with null, turns sharing off. */
  setShareToken(collectionId: string, token: string | null, now: number): Promise<Collection | null>;
}

export interface UsageStore {
  /** Rows for one workspace (all members) in [fromDate, toDate], both "YYYY-MM-DD". */
  list(filter: { workspaceId?: string; userId?: string; fromDate: string; toDate: string }): Promise<UsageDay[]>;
  /** Net credits a member spent on one UTC day. */
  spentOn(workspaceId: string, userId: string, date: string): Promise<number>;
}

export const API_KEY_SCOPES = ["generate", "read", "write", "delete"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The seed's API keys: only the SHA-256 hash and the display prefix are stored. */
export interface ApiKey {
  id: string;
  workspaceId: string;
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
  requestCount: number;
  lastUsedAt: number | null;
  createdAt: number;
  revokedAt: number | null;
}

export interface ApiKeyStore {
  create(key: Omit<ApiKey, "requestCount" | "lastUsedAt" | "revokedAt">): Promise<ApiKey>;
  /** Null when unknown or revoked. */
  findByHash(keyHash: string): Promise<ApiKey | null>;
  list(workspaceId: string): Promise<ApiKey[]>;
  /** False when unknown or already revoked. */
  revoke(id: string, now: number): Promise<boolean>;
  /**
   * One authenticated REST request: in one transaction, requestCount + 1 and lastUsedAt = now
   * on the key, and apiRequests + 1 on the usage row of the key's workspace and creator for
   * now's UTC day (created at zero when missing). An unknown id changes nothing.
   */
  touch(id: string, now: number): Promise<void>;
}

/**
 * A job's final state waiting to reach its reply target (#14). The row is written by the rule
 * that ends the job, in the same transaction (rules/delivery.ts), and marked delivered once a
 * notifier has shown it; core/engine/outbox-drain.ts delivers what a crash left behind.
 */
export interface OutboxEntry {
  jobId: string;
  platform: string;
  createdAt: number;
  /** Claimable from this time: the first-delivery grace, then the end of each claim's lease. */
  availableAt: number;
  /** Who claimed it last (null until claimed). */
  leaseOwner: string | null;
  deliveredAt: number | null;
}

export interface OutboxStore {
  /**
   * Atomically leases up to `limit` undelivered entries of `platforms` whose `availableAt` has
   * passed to `owner` until `now + leaseMs`, oldest due first, and returns them. Two callers
   * never receive the same entry while its lease lasts; an expired lease makes it claimable
   * again (its deliverer died). Empty when nothing is due.
   */
  claim(input: { owner: string; platforms: readonly string[]; now: number; leaseMs: number; limit: number }): Promise<OutboxEntry[]>;
  /** Marks the entries of `jobIds` delivered, in one transaction. Idempotent; unknown ids are ignored. */
  markDelivered(jobIds: readonly string[], now: number): Promise<void>;
  /** Null when the job has no entry (not ended yet, or no reply target). */
  get(jobId: string): Promise<OutboxEntry | null>;
}
