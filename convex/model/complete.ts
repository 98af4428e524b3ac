import type { Job } from "../../core/domain/job.ts";
import { decideCompletion } from "../../core/domain/rules/completion.ts";
import type { CompletedImage } from "../../core/ports/store.ts";
import type { MutationCtx } from "../_generated/server.js";
import { applyEffects } from "./applyEffects.ts";
import { ownedJob } from "./leases.ts";
import { byAppId } from "./lookup.ts";
import { toJob } from "./mappers.ts";

export interface CompleteArgs {
  jobId: string;
  workerId: string;
  images: CompletedImage[];
  providerMs: number;
  uploadMs: number;
  providerCostUsd: number | null;
  now: number;
  /** Used only if this completion creates the channel's collection (see ensureChannelCollection). */
  channelShareToken: string;
}

/** processing -> completed for the lease owner only; the rule is core/domain/rules/completion.ts. */
export async function completeJob(ctx: MutationCtx, args: CompleteArgs): Promise<Job | null> {
  const job = await ownedJob(ctx, args.jobId, args.workerId);
  if (!job) return null;
  await applyEffects(ctx, decideCompletion(toJob(job), args), { channelShareToken: args.channelShareToken });
  return toJob((await byAppId(ctx, "generationJobs", args.jobId))!);
}
