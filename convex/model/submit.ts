import type { Rejection } from "../../core/domain/rejections.ts";
import { ok, type Result } from "../../core/domain/result.ts";
import { decideAdmission } from "../../core/domain/rules/admission.ts";
import type { NewJob, SubmitLimits, Submitted } from "../../core/ports/store.ts";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";
import { positionOf } from "./queue.ts";
import { readSpendSnapshot } from "./spendSnapshot.ts";

/**
 * The one invariant of accepting work: every check, the charge, the job row and its queue
 * entry happen in this one mutation, so a rejection changes nothing and an accepted job is
 * always paid for. The rule is core/domain/rules/admission.ts; this reads its snapshot.
 */
export async function submitJob(ctx: MutationCtx, input: NewJob, limits: SubmitLimits): Promise<Result<Submitted, Rejection>> {
  const key = input.idempotencyKey;
  const existing =
    key === null
      ? null
      : await ctx.db
          .query("generationJobs")
          .withIndex("by_workspace_idempotency", (q) => q.eq("workspaceId", input.workspaceId).eq("idempotencyKey", key))
          .unique();
  const { own, ...spend } = await readSpendSnapshot(ctx, input);
  const admission = decideAdmission(
    {
      existing: existing ? toJob(existing) : null,
      ...spend,
      own: own && { actorRevision: own.actorRevision ?? 0, storageUsedBytes: own.storageUsedBytes, storageQuotaBytes: own.storageQuotaBytes },
    },
    input,
    limits,
  );
  if (!admission.ok) return admission;
  if ("duplicate" in admission.value) return ok({ job: admission.value.duplicate, position: await positionOf(ctx, existing!), duplicate: true });
  await applyEffects(ctx, admission.value.effects);
  const job = (await byAppId(ctx, "generationJobs", input.id))!;
  return ok({ job: toJob(job), position: await positionOf(ctx, job), duplicate: false });
}
