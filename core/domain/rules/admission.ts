import type { NewJob, SubmitLimits } from "../../ports/store.ts";
import type { Job } from "../job.ts";
import { rejections } from "../rejection-messages.ts";
import type { Rejection } from "../rejections.ts";
import { err, ok, type Result } from "../result.ts";
import { inputImageBytes } from "../input-image-key.ts";
import { utcDay, type UsageDay } from "../usage.ts";
import type { Effect } from "./effects.ts";
import { netSpend } from "./spend.ts";

/** What every kind of spending reads before it books (spendRefusal): the same on submit and on a one-off charge. */
export interface SpendSnapshot {
  /** The balance spent from (a pool owner's while the workspace has joined a pool). */
  workspace: { balance: number } | null;
  /** The member row, when it exists in this workspace. */
  member: { banned: boolean } | null;
  /** The user's usage row for the UTC day of `now` in this workspace, if any. */
  today: Pick<UsageDay, "creditsCharged" | "creditsRefunded"> | null;
}

/** What a store reads, in its submit transaction, before deciding on a new job. */
export interface AdmissionSnapshot extends SpendSnapshot {
  /** The job already submitted in this workspace with the same idempotency key, if any. */
  existing: Job | null;
  /** `queued` counts the member's pending jobs. */
  member: { banned: boolean; queued: number } | null;
  /** The submitting workspace's own row (a pool's owner lends only its balance); null when unknown. */
  own: { actorRevision: number; storageUsedBytes: number; storageQuotaBytes: number } | null;
}

export type Admission = { duplicate: Job } | { effects: Effect[] };

/**
 * Who may spend `price` now, in the order and words every kind of spending shares (a job's
 * admission, a one-off charge): unknown workspace -> unknown member -> banned -> balance ->
 * daily cap. Null when nothing stands in the way.
 */
export function spendRefusal(
  snapshot: SpendSnapshot,
  price: number,
  dailyCap: number | null,
): Rejection | null {
  const { workspace, member } = snapshot;
  if (!workspace) return rejections.unknownWorkspace();
  if (!member) return rejections.unknownMember();
  if (member.banned) return rejections.banned();
  if (workspace.balance < price) return rejections.insufficientCredits(workspace.balance, price);
  if (dailyCap !== null) {
    const spent = netSpend(snapshot.today);
    if (spent + price > dailyCap) return rejections.dailyCap(dailyCap, spent, price);
  }
  return null;
}

/**
 * Who may submit: an idempotency key seen before answers the first job and charges nothing;
 * then an actor resolved at an older revision (the caller resolves again) -> unknown workspace
 * -> unknown member -> banned -> balance -> daily cap -> queue cap -> storage full, or no room
 * for the job's input copy (the engine checks a copy's room before storing it, outside this
 * transaction; storage used moves with every job, so only the store's reads settle it).
 * An accepted job is charged ("charge:<job id>"), inserted and counted as requested, and its
 * stored input copy (issue #19) counted in the workspace's and the user's storage totals, all
 * in the store's one transaction. A refusal or a repeated delivery counts nothing: the engine
 * then deletes the copy it stored.
 */
export function decideAdmission(snapshot: AdmissionSnapshot, input: NewJob, limits: SubmitLimits): Result<Admission, Rejection> {
  if (snapshot.existing) return ok({ duplicate: snapshot.existing });
  const { own } = snapshot;
  if (input.actorRevision !== undefined && own && own.actorRevision !== input.actorRevision) return err(rejections.actorChanged());
  const refused = spendRefusal(snapshot, input.price, limits.dailyCap);
  if (refused) return err(refused);
  const member = snapshot.member!;
  if (member.queued >= limits.maxQueuedPerMember) return err(rejections.queueFull(limits.maxQueuedPerMember));
  const inputBytes = inputImageBytes(input.inputImageKey);
  if (own && own.storageUsedBytes >= own.storageQuotaBytes) return err(rejections.storageFull(own.storageUsedBytes, own.storageQuotaBytes));
  // The engine checked the copy's room before storing it, outside this transaction: two copies at once must not both fit.
  if (own && own.storageUsedBytes + inputBytes > own.storageQuotaBytes) return err(rejections.noRoomForInput(own.storageUsedBytes, own.storageQuotaBytes, inputBytes));

  // The revision was a question to this decision, not part of the job.
  const { actorRevision: _asked, ...job } = input;
  return ok({
    effects: [
      {
        type: "book",
        workspaceId: input.workspaceId,
        kind: "charge",
        amount: -input.price,
        reason: chargeReason(input),
        userId: input.userId,
        jobId: input.id,
        dedupeKey: `charge:${input.id}`,
        now: input.now,
      },
      { type: "insertJob", job },
      ...(inputBytes > 0 ? [{ type: "storage" as const, workspaceId: input.workspaceId, userId: input.userId, bytes: inputBytes, now: input.now }] : []),
      {
        type: "usage",
        workspaceId: input.workspaceId,
        userId: input.userId,
        date: utcDay(input.now),
        delta: { requested: 1, creditsCharged: input.price },
      },
    ],
  });
}

function chargeReason(input: Pick<NewJob, "count" | "model">): string {
  return `${input.count} ${input.count === 1 ? "image" : "images"} with ${input.model}`;
}
