import type { Job } from "../../domain/job.ts";
import { decideCompletion } from "../../domain/rules/completion.ts";
import { jobAfterMoves } from "../../domain/rules/job-moves.ts";
import type { JobStore } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import { loadLeasedJob } from "./load-job.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * jobs.complete's body (one IMMEDIATE transaction); the rule is rules/completion.ts. The answer
 * is the read job with the rule's move applied (a completion changes the row only by its move),
 * not a second read of the row: completions are on every job's path.
 */
export function completeJob(ctx: SqliteContext, input: Parameters<JobStore["complete"]>[0]): Job | null {
  const job = loadLeasedJob(ctx, input.jobId, input.workerId);
  if (!job) return null;
  const effects = decideCompletion(job, input);
  applyEffects(ctx, effects);
  return jobAfterMoves(job, effects);
}
