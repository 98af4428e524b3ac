import { decideAdmission, type AdmissionSnapshot } from "../../domain/rules/admission.ts";
import type { Rejection } from "../../domain/rejections.ts";
import { ok, type Result } from "../../domain/result.ts";
import type { NewJob, SubmitLimits, Submitted } from "../../ports/store.ts";
import { applyEffect } from "./apply-effects.ts";
import { insertJob } from "./insert-job.ts";
import { queuePosition } from "./queue-position.ts";
import { readSpendSnapshot } from "./spend-snapshot.ts";
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
  const spend = readSpendSnapshot(ctx, input);
  const queued = spend.member
    ? (ctx.sql("SELECT count(*) FROM generation_jobs WHERE member_id = ? AND status = 'pending'").pluck().get(input.memberId) as number)
    : 0;
  const own =
    (ctx
      .sql("SELECT actor_revision AS actorRevision, storage_used_bytes AS storageUsedBytes, storage_quota_bytes AS storageQuotaBytes FROM workspaces WHERE id = ?")
      .get(input.workspaceId) as AdmissionSnapshot["own"] | undefined) ?? null;
  const admission = decideAdmission(
    {
      ...spend,
      existing: existing ? toJob(existing) : null,
      member: spend.member ? { ...spend.member, queued } : null,
      own,
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
