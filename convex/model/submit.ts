import type { Rejection } from "../../core/domain/rejections.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";
import { utcDay } from "../../core/domain/usage.ts";
import type { NewJob, SubmitLimits, Submitted } from "../../core/ports/store.ts";
import { rejections } from "../../core/domain/rejection-messages.ts";
import type { MutationCtx } from "../_generated/server.js";
import { appendEntry } from "./ledger.ts";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { enqueueNew, positionOf } from "./queue.ts";
import { nextSeq } from "./ready-queues.ts";
import { bumpUsage, spentOn } from "./usage.ts";

/**
 * The one invariant of accepting work: every check, the charge, the job row and its queue
 * entry happen in this one mutation, so a rejection changes nothing and an accepted job is
 * always paid for. A repeated idempotency key returns the first job and charges nothing.
 */
export async function submitJob(ctx: MutationCtx, input: NewJob, limits: SubmitLimits): Promise<Result<Submitted, Rejection>> {
  if (input.idempotencyKey !== null) {
    const key = input.idempotencyKey;
    const existing = await ctx.db
      .query("generationJobs")
      .withIndex("by_workspace_idempotency", (q) => q.eq("workspaceId", input.workspaceId).eq("idempotencyKey", key))
      .unique();
    if (existing) return ok({ job: toJob(existing), position: await positionOf(ctx, existing), duplicate: true });
  }
  const workspace = await byAppId(ctx, "workspaces", input.workspaceId);
  if (!workspace) return err(rejections.unknownWorkspace());
  const member = await byAppId(ctx, "members", input.memberId);
  if (!member || member.workspaceId !== input.workspaceId) return err(rejections.unknownMember());
  if (member.banned) return err(rejections.banned());
  if (workspace.balance < input.price) return err(rejections.insufficientCredits(workspace.balance, input.price));

  const today = utcDay(input.now);
  if (limits.dailyCap !== null) {
    const spent = await spentOn(ctx, input.workspaceId, input.userId, today);
    if (spent + input.price > limits.dailyCap) return err(rejections.dailyCap(limits.dailyCap, spent, input.price));
  }
  if (member.queued >= limits.maxQueuedPerMember) return err(rejections.queueFull(limits.maxQueuedPerMember));

  const { id, now, price, replyTarget, ...fields } = input;
  const seq = await nextSeq(ctx, input.workspaceId);
  const docId = await ctx.db.insert("generationJobs", {
    ...fields,
    appId: id,
    seq,
    status: "pending",
    creditsCharged: price,
    creditsRefunded: 0,
    attempts: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    nextRunAt: now,
    errorCode: null,
    errorMessage: null,
    replyTarget,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    providerMs: null,
    uploadMs: null,
    providerCostUsd: null,
  });
  const job = (await ctx.db.get(docId))!;
  await appendEntry(ctx, workspace, {
    kind: "charge",
    amount: -price,
    reason: `${input.count} ${input.count === 1 ? "image" : "images"} with ${input.model}`,
    userId: input.userId,
    jobId: id,
    dedupeKey: `charge:${id}`,
    now,
  });
  await enqueueNew(ctx, job, member);
  await bumpUsage(ctx, input.workspaceId, input.userId, today, { requested: 1, creditsCharged: price });
  return ok({ job: toJob(job), position: await positionOf(ctx, job), duplicate: false });
}
