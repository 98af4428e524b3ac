import type { ForgetRefusal, ForgetSummary, UserFootprint } from "../../ports/store-admin.ts";
import { FORGOTTEN_DISPLAY_NAME, FORGOTTEN_PROMPT, FORGOTTEN_USER_ID } from "../forgotten-user.ts";
import { inputImageBytes } from "../input-image-key.ts";
import type { Job } from "../job.ts";
import { USAGE_COUNTED, type UsageDay } from "../usage.ts";
import type { BumpUsage, ForgetDeletable, ForgetEffect, RowKey, UsageDelta } from "./effects.ts";

/**
 * What forgetting a person does, the same on both stores (core/domain/forgotten-user.ts says
 * why). Deleted: identities, memberships, API keys, personal collections, images (with their
 * links), the user row. Re-pointed at the tombstone user: jobs (without prompt, negative prompt
 * or reply target, under the tombstone's membership of the workspace), every ledger row that
 * names the person, every collection link the person added to someone else's image, and daily
 * usage (added to the tombstone's row of the same workspace and day). Removed from every
 * collaborator list. A Clerk user's own workspace is closed; installations stop naming them as
 * installer. Nothing happens while a job of theirs is queued or generating. `forgetRows` below
 * decides all of it from the rows a store read; the stores only read and apply.
 */
export function refuseJobsInFlight(footprint: Pick<UserFootprint, "pendingJobIds" | "processingJobIds">): ForgetRefusal | null {
  const jobIds = [...footprint.pendingJobIds, ...footprint.processingJobIds];
  if (jobIds.length === 0) return null;
  const what =
    footprint.pendingJobIds.length > 0 ? `${jobIds.length} job(s) are still queued or generating` : `${jobIds.length} image job(s) are generating right now`;
  return { code: "JOBS_IN_FLIGHT", message: `${what}; try again once they finish.`, details: { jobIds } };
}

/**
 * A forgotten person's job keeps its numbers, not their words, reply messages or input image
 * (its member becomes the tombstone's, made by ensureTombstone; the input's object is deleted).
 */
export const FORGOTTEN_JOB: Pick<Job, "userId" | "prompt" | "negativePrompt" | "replyTarget" | "inputImageKey"> = {
  userId: FORGOTTEN_USER_ID,
  prompt: FORGOTTEN_PROMPT,
  negativePrompt: null,
  replyTarget: null,
  inputImageKey: null,
};

/** The person's daily usage rows, added to the tombstone's (forgetRows deletes the person's rows). */
export function mergeUsageIntoTombstone(rows: readonly UsageDay[]): BumpUsage[] {
  return rows.flatMap((row): BumpUsage[] => {
    const at = { type: "usage", workspaceId: row.workspaceId, userId: FORGOTTEN_USER_ID, date: row.date } as const;
    const counts: UsageDelta = {};
    for (const counted of USAGE_COUNTED) counts[counted] = row[counted];
    return [{ ...at, delta: counts }, ...Object.entries(row.models).map(([id, images]): BumpUsage => ({ ...at, delta: { model: { id, images } } }))];
  });
}

/**
 * The rows of a person's footprint a store read for one forgetting step: all of them (SQLite, in
 * one transaction) or a bounded slice (Convex, one mutation per slice). A kind left out is not
 * touched by this step. Keys are the store's own (effects.ts RowKey).
 */
export interface ForgetSnapshot {
  userId: string;
  now: number;
  /** The person's images: deleted, their bytes released, their objects' keys returned. */
  images?: { key: RowKey; workspaceId: string; bytes: number; storageKey: string }[];
  /** Personal collections; `linkKeys` are links to delete first, `whole` says they are all of its links. */
  collections?: { key: RowKey; linkKeys: RowKey[]; whole: boolean }[];
  apiKeys?: RowKey[];
  /**
   * Jobs of the person's (none queued or generating: refuseJobsInFlight ran), with the key of
   * the job's stored input image, whose object goes with the person.
   */
  jobs?: { key: RowKey; workspaceId: string; inputImageKey?: string | null }[];
  /** Ledger rows naming the person. */
  ledger?: RowKey[];
  /** Links the person added to images that stay, in collections that stay. */
  links?: RowKey[];
  usage?: { key: RowKey; day: UsageDay }[];
  /** Collections listing the person as a collaborator, with their whole list. */
  collaborations?: { key: RowKey; userIds: string[] }[];
  members?: RowKey[];
  /** The person's platform accounts, given only by the step that ends the forgetting (with `user`). */
  identities?: { key: RowKey; platform: string; externalId: string }[];
  /** Workspaces whose (platform, external id) is one of the identities'. */
  accountWorkspaces?: { key: RowKey; platform: string; externalId: string }[];
  /** Installations on an identity's platform whose installer is one of `installerIdsOf` its external id. */
  installations?: { key: RowKey; platform: string; teamId: string | null; installedBy: string }[];
  /** The person's user row, given only by the step that ends the forgetting. */
  user?: RowKey;
}

export interface ForgetDecision {
  effects: ForgetEffect[];
  /** What this step did, for ForgetSummary (a store adds the steps up). */
  summary: ForgetSummary;
}

/**
 * What one step of forgetting writes, in the order a store applies it: the tombstone first
 * (re-pointed rows need it), images and collections before their links would be re-pointed,
 * memberships after the jobs that named them, the identities and the user row last.
 */
export function forgetRows(snapshot: ForgetSnapshot): ForgetDecision {
  const { userId, now } = snapshot;
  const images = snapshot.images ?? [];
  const collections = snapshot.collections ?? [];
  const jobs = snapshot.jobs ?? [];
  const usage = snapshot.usage ?? [];
  const identities = snapshot.identities ?? [];
  const wholeCollections = collections.filter((collection) => collection.whole);
  const summary: ForgetSummary = {
    identities: identities.length,
    memberships: snapshot.members?.length ?? 0,
    images: images.length,
    apiKeys: snapshot.apiKeys?.length ?? 0,
    collections: wholeCollections.length,
    jobs: jobs.length,
    usageDays: usage.length,
    storageKeys: [...images.map((image) => image.storageKey), ...jobs.flatMap((job) => (job.inputImageKey ? [job.inputImageKey] : []))],
  };
  const effects: ForgetEffect[] = [
    { type: "ensureTombstone", userId: FORGOTTEN_USER_ID, displayName: FORGOTTEN_DISPLAY_NAME, workspaceIds: [...new Set(jobs.map((job) => job.workspaceId))].sort(), now },
  ];
  const remove = (table: ForgetDeletable, keys: readonly RowKey[] | undefined) => {
    if (keys && keys.length > 0) effects.push({ type: "deleteRows", table, keys: [...keys] });
  };
  const released = new Map<string, number>();
  for (const image of images) released.set(image.workspaceId, (released.get(image.workspaceId) ?? 0) + image.bytes);
  // The jobs' input copies go too (their keys are in storageKeys): what submit counted for them comes back.
  for (const job of jobs) {
    const bytes = inputImageBytes(job.inputImageKey);
    if (bytes > 0) released.set(job.workspaceId, (released.get(job.workspaceId) ?? 0) + bytes);
  }
  for (const [workspaceId, bytes] of released) effects.push({ type: "storage", workspaceId, userId, bytes: -bytes, now });
  remove("images", images.map((image) => image.key));
  remove("collectionLinks", collections.flatMap((collection) => collection.linkKeys));
  remove("collections", wholeCollections.map((collection) => collection.key));
  remove("apiKeys", snapshot.apiKeys);
  if (jobs.length > 0) {
    const { userId: to, ...scrub } = FORGOTTEN_JOB;
    effects.push({ type: "repointRows", table: "jobs", keys: jobs.map((job) => job.key), userId: to, scrub });
  }
  if (snapshot.ledger?.length) effects.push({ type: "repointRows", table: "ledger", keys: [...snapshot.ledger], userId: FORGOTTEN_USER_ID });
  if (snapshot.links?.length) effects.push({ type: "repointRows", table: "collectionLinks", keys: [...snapshot.links], userId: FORGOTTEN_USER_ID });
  effects.push(...mergeUsageIntoTombstone(usage.map((row) => row.day)));
  remove("usage", usage.map((row) => row.key));
  for (const collection of snapshot.collaborations ?? []) {
    effects.push({ type: "setCollaborators", key: collection.key, userIds: collection.userIds.filter((id) => id !== userId) });
  }
  remove("members", snapshot.members);
  effects.push(...forgetPlatformTraces(identities, snapshot));
  remove("identities", identities.map((identity) => identity.key));
  if (snapshot.user !== undefined) remove("users", [snapshot.user]);
  return { effects, summary };
}

/** A Clerk user's own workspace is named after them, and is closed as the Clerk deletion does (convex/model/clerkUsers.ts). */
export const CLOSED_WORKSPACE_NAME = "deleted user";

/**
 * The installer ids an installation may record for a platform account: the account's own id,
 * and for Slack's "T01/U02" form (bots/slack/slack-invoker.ts) the part after the team, which
 * is what Slack's OAuth reports. Stores read installations by these; forgetRows then checks the team.
 */
export function installerIdsOf(externalId: string): string[] {
  const slash = externalId.indexOf("/");
  return slash > 0 ? [externalId, externalId.slice(slash + 1)] : [externalId];
}

/** What other tables say about the person's platform accounts themselves. */
function forgetPlatformTraces(identities: NonNullable<ForgetSnapshot["identities"]>, snapshot: ForgetSnapshot): ForgetEffect[] {
  const effects: ForgetEffect[] = [];
  const clerkIds = new Set(identities.filter((identity) => identity.platform === "clerk").map((identity) => identity.externalId));
  for (const workspace of snapshot.accountWorkspaces ?? []) {
    if (workspace.platform === "clerk" && clerkIds.has(workspace.externalId)) {
      effects.push({ type: "closeWorkspace", key: workspace.key, name: CLOSED_WORKSPACE_NAME, now: snapshot.now });
    }
  }
  for (const installation of snapshot.installations ?? []) {
    const installedByThem = identities.some(
      (identity) =>
        identity.platform === installation.platform &&
        (installation.installedBy === identity.externalId || `${installation.teamId ?? "-"}/${installation.installedBy}` === identity.externalId),
    );
    if (installedByThem) effects.push({ type: "clearInstaller", key: installation.key });
  }
  return effects;
}
