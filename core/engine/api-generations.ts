import { validateGeneration, type GenerationRequest } from "../domain/generation-request.ts";
import type { Job, ReplyTarget } from "../domain/job.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, type Result } from "../domain/result.ts";
import type { ApiKey } from "../ports/store.ts";
import type { Actor } from "./actor.ts";
import type { Engine } from "./engine.ts";
import type { Accepted } from "./submit-generation.ts";

/** Where an API job reports its end: written at submit, read by the webhook notifier. */
export interface ApiReplyTarget extends ReplyTarget {
  platform: "api";
  /** The key that submitted the job; its webhook secret signs the delivery. */
  keyId: string;
  webhookUrl: string;
}

export interface ApiGeneration {
  request: GenerationRequest;
  webhookUrl: string | null;
  /** The image to start from (issue #19), fetched through the engine's safe fetch. */
  inputImageUrl?: string | null;
  /** The client's Idempotency-Key header, scoped to the key here. */
  idempotencyKey: string | null;
}

/**
 * Submits for an API key. A repeated Idempotency-Key returns the original job (charged once)
 * when the request is the same, and IDEMPOTENCY_CONFLICT when it is not.
 */
export async function submitApiGeneration(engine: Engine, key: ApiKey, actor: Actor, input: ApiGeneration): Promise<Result<Accepted, Rejection>> {
  const replyTarget: ApiReplyTarget | null = input.webhookUrl ? { platform: "api", keyId: key.id, webhookUrl: input.webhookUrl } : null;
  const result = await engine.submit({
    actor,
    request: input.request,
    source: "api",
    idempotencyKey: input.idempotencyKey === null ? null : `${key.id}:${input.idempotencyKey}`,
    channelKey: null,
    replyTarget,
    ...(input.inputImageUrl ? { inputImage: { kind: "url" as const, url: input.inputImageUrl } } : {}),
  });
  if (!result.ok || !result.value.duplicate || sameRequest(engine, input, result.value.job)) return result;
  return err(reject("IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request. Use a new key for a new request."));
}

/**
 * Compares the request with the job it would repeat. Validating it again, with the job's model
 * and seed standing in for the ones it leaves out, applies submit's own normalisation and
 * defaults, so no rule is restated here and no store column is needed.
 */
function sameRequest(engine: Engine, input: ApiGeneration, job: Job): boolean {
  const valid = validateGeneration(input.request, {
    catalog: engine.catalog,
    allowedModels: [],
    defaultModel: job.model,
    blockWords: [],
    // The job was accepted under the workspace's rules; only the request's shape is compared.
    nsfw: "allow",
    randomSeed: () => job.seed,
    inputImage: Boolean(input.inputImageUrl),
  });
  if (!valid.ok) return false;
  const v = valid.value;
  return (
    v.prompt === job.prompt &&
    v.negativePrompt === job.negativePrompt &&
    v.model.id === job.model &&
    v.aspectRatio === job.aspectRatio &&
    v.count === job.count &&
    v.seed === job.seed &&
    v.private === job.private &&
    input.webhookUrl === webhookUrlOf(job) &&
    // The job keeps its own copy, not the link: only "with or without an image" is compared.
    Boolean(input.inputImageUrl) === (job.inputImageKey !== null)
  );
}

export function webhookUrlOf(job: Job): string | null {
  const url = job.replyTarget?.platform === "api" ? job.replyTarget.webhookUrl : null;
  return typeof url === "string" ? url : null;
}
