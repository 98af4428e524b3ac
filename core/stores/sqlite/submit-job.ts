import { decideAdmission } from "../../domain/rules/admission.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import { utcDay } from "../../domain/usage.ts";
import type { NewJob, SubmitLimits, Submitted } from "../../ports/store.ts";
import { applyEffect } from "./apply-effects.ts";
import { insertJob } from "./insert-job.ts";
import { queuePosition } from "./queue-position.ts";
import { spendableBalance } from "./spendable-balance.ts";
import { toJob, type JobRow } from "./row-mappers.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** jobs.submit's body; the caller runs it in one IMMEDIATE transaction. The rule is rules/admission.ts. */
export function submitJob(ctx: SqliteContext, input: NewJob, limits: SubmitLimits): Result<Submitted, Rejection> {
  const existing =
    input.idempotencyKey === null
      ? undefined
      : (ctx
          .sql("SELECT * FROM generation_jobs WHERE workspace_id = ? AND idempotency_key = ?")
          .get(input.workspaceId, input.idempotencyKey) as JobRow | undefined);
  // A workspace that joined a pool is charged from the pool (rules/link.ts), so admission reads that balance.
  const balance = spendableBalance(ctx, input.workspaceId);
  const member = ctx.sql("SELECT banned FROM members WHERE id = ? AND workspace_id = ?").get(input.memberId, input.workspaceId) as
    | { banned: number }
    | undefined;
  const queued = member
    ? (ctx.sql("SELECT count(*) FROM generation_jobs WHERE member_id = ? AND status = 'pending'").pluck().get(input.memberId) as number)
    : 0;
  const today = ctx
    .sql("SELECT credits_charged AS creditsCharged, credits_refunded AS creditsRefunded FROM usage WHERE workspace_id = ? AND user_id = ? AND date = ?")
    .get(input.workspaceId, input.userId, utcDay(input.now)) as { creditsCharged: number; creditsRefunded: number } | undefined;

  const admission = decideAdmission(
    {
      existing: existing ? toJob(existing) : null,
      workspace: balance === undefined ? null : { balance },
      member: member ? { banned: member.banned === 1, queued } : null,
      today: today ?? null,
    },
    input,
    limits,
  );
  if (!admission.ok) return admission;
  if ("duplicate" in admission.value) {
    const job = admission.value.duplicate;
    return ok({ job, position: queuePosition(ctx, job), duplicate: true });
  }
  // applyEffects, except that the insert's answer (the job as stored and its position) is kept.
  let inserted: ReturnType<typeof insertJob> | undefined;
  for (const effect of admission.value.effects) {
    if (effect.type === "insertJob") inserted = insertJob(ctx, effect.job);
    else applyEffect(ctx, effect);
  }
  if (!inserted) throw new Error(`admission of ${input.id} inserted no job`);
  return ok({ ...inserted, duplicate: false });
}
