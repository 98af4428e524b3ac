import type { Job } from "../../domain/job.ts";
import type { ProviderId } from "../../domain/models.ts";
import type { ClaimOptions, ClaimSlots } from "../../ports/store.ts";
import { claimJob } from "./claim-job.ts";
import type { SqliteContext } from "./sqlite-context.ts";

/**
 * jobs.claimMany's body (one IMMEDIATE transaction): claimJob repeated while a provider has a
 * free slot, so a worker pool with N idle slots pays one commit instead of N. Each claim reads
 * the running counts the previous ones wrote, so member caps and fairness are exactly those of
 * N separate claims.
 */
export function claimJobs(ctx: SqliteContext, options: ClaimOptions, slots: ClaimSlots, limit: number): Job[] {
  const free = new Map(Object.entries(slots).filter(([, n]) => (n ?? 0) > 0) as [ProviderId, number][]);
  const jobs: Job[] = [];
  while (free.size > 0 && jobs.length < limit) {
    const job = claimJob(ctx, { ...options, providers: [...free.keys()] });
    if (!job) break;
    jobs.push(job);
    const left = (free.get(job.provider) ?? 1) - 1;
    if (left > 0) free.set(job.provider, left);
    else free.delete(job.provider);
  }
  return jobs;
}
