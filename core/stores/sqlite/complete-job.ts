import type { Job } from "../../domain/job.ts";
import { decideCompletion } from "../../domain/rules/completion.ts";
import type { JobStore } from "../../ports/store.ts";
import { applyEffects } from "./apply-effects.ts";
import { loadJob, loadLeasedJob } from "./load-job.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/** jobs.complete's body (one IMMEDIATE transaction); the rule is rules/completion.ts. */
export function completeJob(ctx: SqliteContext, input: Parameters<JobStore["complete"]>[0]): Job | null {
  const job = loadLeasedJob(ctx, input.jobId, input.workerId);
  if (!job) return null;
  applyEffects(ctx, decideCompletion(job, input));
  return loadJob(ctx, job.id);
}
