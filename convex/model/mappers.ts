import type { Collection, Image } from "../../core/domain/image.ts";
import type { Job } from "../../core/domain/job.ts";
import type { LedgerEntry } from "../../core/domain/ledger.ts";
import type { UsageDay } from "../../core/domain/usage.ts";
import type { Member, User, Workspace } from "../../core/domain/workspace.ts";
import type { ApiKey } from "../../core/ports/store.ts";
import type { Doc } from "../_generated/dataModel.js";

/**
 * Convex documents -> core's domain types: the app id becomes `id`, Convex system fields and
 * the bookkeeping fields core does not know about (counters, refill period) stay here.
 */
export function toWorkspace(doc: Doc<"workspaces">): Workspace {
  const { _id, _creationTime, appId, actorRevision: _actorRevision, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toUser(doc: Doc<"users">): User {
  return {
    id: doc.appId,
    clerkId: doc.clerkId,
    email: doc.email,
    displayName: doc.displayName,
    imageUrl: doc.imageUrl,
    preferences: doc.preferences as Record<string, unknown>,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export function toMember(doc: Doc<"members">): Member {
  const { _id, _creationTime, appId, queued: _queued, running: _running, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toLedgerEntry(doc: Doc<"ledger">): LedgerEntry {
  const { _id, _creationTime, appId, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toJob(doc: Doc<"generationJobs">): Job {
  const { _id, _creationTime, appId, replyTarget, inputImageKey, strength, ...rest } = doc;
  return { id: appId, ...rest, replyTarget: replyTarget ?? null, inputImageKey: inputImageKey ?? null, strength: strength ?? null };
}

export function toImage(doc: Doc<"images">): Image {
  const { _id, _creationTime, appId, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toCollection(doc: Doc<"collections">): Collection {
  const { _id, _creationTime, appId, kind: _kind, publicImageCount: _publicImageCount, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toApiKey(doc: Doc<"apiKeys">): ApiKey {
  const { _id, _creationTime, appId, ...rest } = doc;
  return { id: appId, ...rest };
}

export function toUsageDay(doc: Doc<"usage">): UsageDay {
  const { _id, _creationTime, models, ...rest } = doc;
  return { ...rest, models: Object.fromEntries(models.map((m) => [m.model, m.images])) };
}
