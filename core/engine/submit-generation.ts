import { effectiveDailyCap } from "../domain/credits.ts";
import { DEFAULT_BLOCK_WORDS } from "../domain/block-list.ts";
import { validateGeneration, type GenerationRequest } from "../domain/generation-request.ts";
import { newId } from "../domain/ids.ts";
import type { Job, JobSource, ReplyTarget } from "../domain/job.ts";
import { PLANS } from "../domain/plans.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { Actor, ResolvedActor } from "./actor.ts";
import type { ActorCache } from "./actor-cache.ts";
import type { EngineOptions } from "./engine-options.ts";
import { resolveActor } from "./resolve-actor.ts";

export interface SubmitInput {
  actor: Actor;
  request: GenerationRequest;
  source: JobSource;
  /** The platform event behind the request (interaction id, trigger id, Idempotency-Key). */
  idempotencyKey: string | null;
  /** Platform-qualified channel, e.g. "discord:<guild>/<channel>"; null outside channels. */
  channelKey: string | null;
  replyTarget: ReplyTarget | null;
  parentJobId?: string | null;
}

export interface Accepted {
  job: Job;
  /** 1-based queue position, null if the job already left the queue (a repeated delivery). */
  position: number | null;
  price: number;
  /** The same request was seen before: this is the original job and nothing was charged. */
  duplicate: boolean;
  resolved: ResolvedActor;
}

/**
 * Validate and price in memory, then one atomic store call reserves the credits and queues
 * the job. Every rejection happens before any charge.
 */
export async function submitGeneration(options: EngineOptions, input: SubmitInput, actors?: ActorCache): Promise<Result<Accepted, Rejection>> {
  const now = options.clock.now();
  const resolved = await resolveActor(options.store, options, input.actor, now, actors);
  const { workspace, member, user } = resolved;
  const settings = workspace.settings;

  if (!workspace.active) {
    return err(reject("WORKSPACE_INACTIVE", "Pixorly is not active in this workspace. Ask an admin to reinstall it."));
  }
  if (input.channelKey && settings.allowedChannels.length && !settings.allowedChannels.includes(input.channelKey)) {
    return err(reject("CHANNEL_NOT_ALLOWED", "Image generation is not enabled in this channel. Ask an admin which channels allow it."));
  }
  const valid = validateGeneration(input.request, {
    catalog: options.catalog,
    allowedModels: settings.allowedModels,
    defaultModel: settings.defaultModel,
    blockWords: settings.blockWords ?? DEFAULT_BLOCK_WORDS,
    nsfw: settings.nsfw,
    randomSeed: () => Math.floor(options.random() * 2 ** 32),
  });
  if (!valid.ok) return valid;
  if (workspace.storageUsedBytes >= workspace.storageQuotaBytes) {
    return err(
      reject("STORAGE_FULL", "This workspace has used all of its image storage. An admin can delete images or upgrade the plan.", {
        used: workspace.storageUsedBytes,
        quota: workspace.storageQuotaBytes,
      }),
    );
  }

  const g = valid.value;
  const jobId = newId("job", now);
  const submitted = await options.store.jobs.submit(
    {
      id: jobId,
      workspaceId: workspace.id,
      userId: user.id,
      memberId: member.id,
      source: input.source,
      idempotencyKey: input.idempotencyKey ? `${input.source}:${input.idempotencyKey}` : null,
      prompt: g.prompt,
      negativePrompt: g.negativePrompt,
      model: g.model.id,
      provider: g.model.provider,
      aspectRatio: g.aspectRatio,
      count: g.count,
      seed: g.seed,
      private: g.private,
      channelKey: input.channelKey,
      parentJobId: input.parentJobId ?? null,
      price: g.price,
      maxAttempts: options.retryPolicy.maxAttempts,
      replyTarget: input.replyTarget,
      now,
    },
    {
      maxQueuedPerMember: PLANS[workspace.plan].maxQueuedPerMember,
      dailyCap: effectiveDailyCap(settings.memberDailyCap, member.dailyCapOverride),
    },
  );
  if (!submitted.ok) return submitted;
  const { job, position, duplicate } = submitted.value;
  return ok({ job, position, price: job.creditsCharged, duplicate, resolved });
}
