import type { CompletedImage, NewJob } from "../../ports/store.ts";
import type { Job, JobStatus } from "../job.ts";
import type { LedgerKind } from "../ledger.ts";
import type { UsageCounted } from "../usage.ts";
import type { WorkspaceLink } from "../workspace-link.ts";

/**
 * What a rule in this folder decides, for a store to apply inside the one transaction that
 * read the rule's snapshot. Stores apply effects in list order and mechanically: every number
 * here is final (no store adds, caps or chooses anything), so SQLite and Convex cannot book
 * the same decision differently. A new kind of write (an outbox row for delivery, #14) is a
 * new member of this union; each store's applier then fails to compile until it handles it.
 */
export type Effect =
  | BookEntry
  | BumpUsage
  | InsertJob
  | MoveJob
  | InsertImages
  | AddStorage
  | ClearInputImage
  | FileInChannel
  | RecordRefill
  | QueueDelivery
  | UseLinkCode
  | InsertLink
  | EndLink;

/** Append a ledger row and move the workspace balance by `amount` (see rules/booking.ts). */
export interface BookEntry {
  type: "book";
  workspaceId: string;
  kind: LedgerKind;
  amount: number;
  reason: string;
  userId: string | null;
  jobId: string | null;
  /** Makes the entry happen at most once: "charge:<job>", "refund:<job>", "refill:<ws>:<period>". */
  dedupeKey: string | null;
  now: number;
}

export type UsageDelta = Partial<Record<UsageCounted, number>> & {
  /** Images made with this model, added to its per-model count. */
  model?: { id: string; images: number };
};

/** Add `delta` to the (workspace, user, UTC day) usage row, creating it at zero first. */
export interface BumpUsage {
  type: "usage";
  workspaceId: string;
  userId: string;
  date: string;
  delta: UsageDelta;
}

/** Insert a new pending job (it joins its workspace's queue tallies). */
export interface InsertJob {
  type: "insertJob";
  job: Omit<NewJob, "actorRevision">;
}

/** The job fields a move may set; values are the new values, never increments. */
export type JobPatch = Partial<
  Pick<
    Job,
    | "attempts"
    | "leaseOwner"
    | "leaseExpiresAt"
    | "nextRunAt"
    | "errorCode"
    | "errorMessage"
    | "creditsRefunded"
    | "startedAt"
    | "finishedAt"
    | "providerMs"
    | "uploadMs"
    | "providerCostUsd"
  >
>;

/**
 * Change a job's status from `from` to `to` (checked against the state machine again by the
 * store, rules/job-moves.ts `checkMove`) and set `patch`. The store keeps its queue tallies in
 * step with the move.
 */
export interface MoveJob {
  type: "moveJob";
  jobId: string;
  workspaceId: string;
  memberId: string;
  from: JobStatus;
  to: JobStatus;
  patch: JobPatch;
}

/** Insert the image rows of a completed job; their other fields come from the job. */
export interface InsertImages {
  type: "insertImages";
  job: Pick<Job, "id" | "workspaceId" | "userId" | "prompt" | "model" | "seed" | "aspectRatio" | "private">;
  images: CompletedImage[];
  now: number;
}

/** Add `bytes` (negative to release) to the workspace's and the user's storage totals, floored at 0. */
export interface AddStorage {
  type: "storage";
  workspaceId: string;
  userId: string;
  bytes: number;
  now: number;
}

/** Set the job's inputImageKey to null: its stored input copy is gone (rules/input-image.ts). */
export interface ClearInputImage {
  type: "clearInputImage";
  jobId: string;
}

/**
 * Link images into the channel's shared collection, creating it (named after its key until
 * the bot's ensureForChannel names it) when it does not exist yet.
 */
export interface FileInChannel {
  type: "fileInChannel";
  workspaceId: string;
  channelKey: string;
  imageIds: string[];
  addedBy: string;
  now: number;
}

/** Record the one refill decision for a workspace and period (even when nothing was due). */
export interface RecordRefill {
  type: "recordRefill";
  workspaceId: string;
  period: string;
  amount: number;
  now: number;
}

/**
 * Insert the job's delivery outbox row (rules/delivery.ts): its final state still has to reach
 * its reply target. Written with the move to that state, so a crash after the commit cannot lose
 * the result message; the row is claimable from `availableAt` and marked delivered once shown.
 */
export interface QueueDelivery {
  type: "queueDelivery";
  jobId: string;
  /** The reply target's platform: only a process with that platform's notifier claims the row. */
  platform: string;
  now: number;
  availableAt: number;
}

/** Mark a link code redeemed (rules/link.ts): a second redemption then finds it used. */
export interface UseLinkCode {
  type: "useLinkCode";
  codeHash: string;
  linkId: string;
  now: number;
}

/**
 * Insert an active link. From the next booking on, the joiner's entries go to the owner's
 * ledger, so the link is inserted after the entries that moved the joiner's balance in.
 */
export interface InsertLink {
  type: "insertLink";
  link: WorkspaceLink;
}

/**
 * End an active link, recording what each side kept. Applied before the entries that give the
 * joiner its share back, so those book on the joiner's own ledger.
 */
export interface EndLink {
  type: "endLink";
  linkId: string;
  ownerKept: number;
  joinerKept: number;
  now: number;
}

/** For appliers' switches: a new effect kind not handled is a compile error. */
export function unhandledEffect(effect: never): never {
  throw new Error(`unhandled effect ${JSON.stringify(effect)}`);
}

/**
 * A store's own handle on one row, opaque to the rules: the Convex document id, or the SQLite
 * primary key as a JSON array. The rule only hands back keys its snapshot gave it.
 */
export type RowKey = string;

/** The tables forgetting deletes rows from (rules/forget.ts). */
export type ForgetDeletable = "images" | "collections" | "collectionLinks" | "apiKeys" | "usage" | "members" | "identities" | "users";

/**
 * Delete these rows. Deleting an image or a collection deletes its collection links with it
 * (SQLite's ON DELETE CASCADE; Convex removes them keeping the collections' counts).
 */
export interface DeleteRows {
  type: "deleteRows";
  table: ForgetDeletable;
  keys: RowKey[];
}

/** Who forgetting writes in place of a person (the tombstone user) and what a job keeps of them. */
export interface RepointJobs {
  type: "repointRows";
  table: "jobs";
  keys: RowKey[];
  userId: string;
  /** The job's member becomes `userId`'s membership of the job's workspace (ensureTombstone made it). */
  scrub: Pick<Job, "prompt" | "negativePrompt" | "replyTarget" | "inputImageKey">;
}

/** Point ledger rows or collection links (their added_by) at `userId`. */
export interface RepointOthers {
  type: "repointRows";
  table: "ledger" | "collectionLinks";
  keys: RowKey[];
  userId: string;
}

export type RepointRows = RepointJobs | RepointOthers;

/** Create the user (and its membership of each workspace) when missing; an existing row is left as it is. */
export interface EnsureTombstone {
  type: "ensureTombstone";
  userId: string;
  displayName: string;
  workspaceIds: string[];
  now: number;
}

/** Replace a collection's collaborator list. */
export interface SetCollaborators {
  type: "setCollaborators";
  key: RowKey;
  userIds: string[];
}

/** Rename and deactivate a workspace (a Clerk user's own, which is named after them). */
export interface CloseWorkspace {
  type: "closeWorkspace";
  key: RowKey;
  name: string;
  now: number;
}

/** Forget who installed an installation (its installer id becomes null). */
export interface ClearInstaller {
  type: "clearInstaller";
  key: RowKey;
}

/** What forgetting a person writes (rules/forget.ts `forgetRows`): its own kinds plus usage and storage moves. */
export type ForgetEffect = DeleteRows | RepointRows | EnsureTombstone | SetCollaborators | CloseWorkspace | ClearInstaller | BumpUsage | AddStorage;
