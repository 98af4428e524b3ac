import type { Job } from "../../domain/job.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { err, ok, type Result } from "../../domain/result.ts";
import { utcDay } from "../../domain/usage.ts";
import type { NewJob, SubmitLimits, Submitted } from "../../ports/store.ts";
import { appendLedgerEntry } from "./append-ledger-entry.ts";
import { bumpUsage } from "./bump-usage.ts";
import { queuePosition } from "./queue-position.ts";
import { rejections } from "../../domain/rejection-messages.ts";
import { flag, toJob, type JobRow } from "./row-mappers.ts";
import { spentOn } from "./spent-on.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** jobs.submit's body; the caller runs it in one IMMEDIATE transaction. */
export function submitJob(ctx: SqliteContext, input: NewJob, limits: SubmitLimits): Result<Submitted, Rejection> {
  if (input.idempotencyKey !== null) {
    const row = ctx
      .sql("SELECT * FROM generation_jobs WHERE workspace_id = ? AND idempotency_key = ?")
      .get(input.workspaceId, input.idempotencyKey) as JobRow | undefined;
    if (row) {
      const job = toJob(row);
      return ok({ job, position: queuePosition(ctx, job), duplicate: true });
    }
  }
  const balance = ctx.sql("SELECT balance FROM workspaces WHERE id = ?").pluck().get(input.workspaceId) as number | undefined;
  if (balance === undefined) return err(rejections.unknownWorkspace());
  const member = ctx.sql("SELECT banned FROM members WHERE id = ? AND workspace_id = ?").get(input.memberId, input.workspaceId) as
    | { banned: number }
    | undefined;
  if (!member) return err(rejections.unknownMember());
  if (member.banned === 1) return err(rejections.banned());
  if (balance < input.price) return err(rejections.insufficientCredits(balance, input.price));

  const day = utcDay(input.now);
  if (limits.dailyCap !== null) {
    const spent = spentOn(ctx, input.workspaceId, input.userId, day);
    if (spent + input.price > limits.dailyCap) return err(rejections.dailyCap(limits.dailyCap, spent, input.price));
  }
  const queued = ctx
    .sql("SELECT count(*) FROM generation_jobs WHERE member_id = ? AND status = 'pending'")
    .pluck()
    .get(input.memberId) as number;
  if (queued >= limits.maxQueuedPerMember) return err(rejections.queueFull(limits.maxQueuedPerMember));

  appendLedgerEntry(ctx, {
    workspaceId: input.workspaceId,
    kind: "charge",
    amount: -input.price,
    reason: `${input.count} ${input.count === 1 ? "image" : "images"} with ${input.model}`,
    userId: input.userId,
    jobId: input.id,
    dedupeKey: `charge:${input.id}`,
    now: input.now,
  });
  const job = insertJob(ctx, input);
  ctx.sql("UPDATE workspaces SET pending_jobs = pending_jobs + 1 WHERE id = ?").run(input.workspaceId);
  bumpUsage(ctx, input.workspaceId, input.userId, day, { requested: 1, creditsCharged: input.price });
  return ok({ job, position: queuePosition(ctx, job), duplicate: false });
}

function insertJob(ctx: SqliteContext, input: NewJob): Job {
  const row = ctx
    .sql(
      `INSERT INTO generation_jobs (id, workspace_id, user_id, member_id, source, idempotency_key, status, prompt,
         negative_prompt, model, provider, aspect_ratio, count, seed, private, channel_key, parent_job_id, credits_charged,
         max_attempts, next_run_at, reply_target, created_at)
       VALUES (@id, @workspaceId, @userId, @memberId, @source, @idempotencyKey, 'pending', @prompt,
         @negativePrompt, @model, @provider, @aspectRatio, @count, @seed, @private, @channelKey, @parentJobId, @price,
         @maxAttempts, @now, @replyTarget, @now)
       RETURNING *`,
    )
    .get({
      ...input,
      private: flag(input.private),
      replyTarget: input.replyTarget === null ? null : JSON.stringify(input.replyTarget),
    }) as JobRow;
  return toJob(row);
}
