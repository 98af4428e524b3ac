import { scrubString } from "../logging/scrub-secrets.ts";
import { dimensionsFor } from "../domain/aspect-ratios.ts";
import { asCodedError } from "../domain/errors.ts";
import type { Job } from "../domain/job.ts";
import { findBlockedWord, NSFW_BLOCK_WORDS } from "../domain/block-list.ts";
import { canBlockNsfw, type Model } from "../domain/models.ts";
import { backoffMs, shouldRetry } from "../domain/retry-policy.ts";
import { ProviderError } from "../ports/image-provider.ts";
import type { CompletedImage, LeasedJob } from "../ports/store.ts";
import { newId } from "../domain/ids.ts";
import { imagesOfCompletion } from "../domain/image.ts";
import type { DeliverySnapshot } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";
import { jobSignal, type JobSignal } from "./job-signal.ts";
import { imageKey } from "./image-key.ts";
import { parseInputImageKey } from "./input-image-key.ts";
import { DEFAULT_STRENGTH } from "../domain/generation-request.ts";
import type { GeneratedImage } from "../ports/image-provider.ts";

export type RunOutcome = "completed" | "retrying" | "failed" | "released" | "lost";

export interface RunResult {
  outcome: RunOutcome;
  /** The completed job and its images as the completion wrote them (absent if another call completed it). */
  completed?: DeliverySnapshot;
}

/**
 * Runs one leased job: provider, storage, then complete or fail. The lease is heartbeated;
 * losing it aborts the work, and the store refuses a stale worker's result anyway.
 * `shutdown` aborts too, and then the job is released back to the queue without spending an
 * attempt. `onWorkDone` is called once the provider and storage are done with the job, just
 * before its completion is recorded: the worker pool claims the next job then, so the claim
 * joins the completion's group commit.
 */
export async function runJob(options: EngineOptions, { job, nsfw }: LeasedJob, shutdown: AbortSignal, onWorkDone: () => void = () => undefined): Promise<RunResult> {
  const { store, storage, clock, logger, workerId } = options;
  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    store.jobs
      .heartbeat(job.id, workerId, clock.now() + options.leaseMs)
      .then((owned) => owned || lost.abort(new Error("lease lost")))
      .catch((error: unknown) => logger.warn({ err: error, jobId: job.id }, "heartbeat failed"));
  }, Math.max(250, Math.floor(options.leaseMs / 3)));
  heartbeat.unref();
  const uploaded: string[] = [];
  let work: JobSignal | undefined;

  try {
    const model = options.catalog.get(job.model);
    const provider = options.providers.get(job.provider);
    if (!model || !provider) {
      throw new ProviderError("PROVIDER_BAD_REQUEST", `model ${job.model} (${job.provider}) is not configured here`, {
        retryable: false,
        userMessage: `The model ${job.model} is no longer available on this server.`,
      });
    }
    // The policy when the job was claimed (LeasedJob), not when it was queued: an admin who
    // switches to "block" covers the jobs already waiting too.
    if (nsfw === "block") refuseUnderNsfwBlock(job, model);
    work = jobSignal([shutdown, lost.signal], options.providerTimeoutMs);
    const { signal } = work;
    const inputImage = job.inputImageKey ? await loadJobInput(options, job.inputImageKey) : undefined;
    const startedAt = clock.now();
    const output = await provider.generate({
      prompt: job.prompt,
      negativePrompt: job.negativePrompt,
      model,
      aspectRatio: job.aspectRatio,
      ...dimensionsFor(job.aspectRatio),
      count: job.count,
      seed: job.seed,
      nsfw,
      ...(inputImage ? { inputImage, strength: job.strength ?? DEFAULT_STRENGTH } : {}),
      signal,
    });
    const providerMs = clock.now() - startedAt;
    const produced = output.images.slice(0, job.count);
    if (produced.length === 0) {
      throw new ProviderError("PROVIDER_BAD_RESPONSE", "provider returned no images", { retryable: true });
    }

    const uploadStart = clock.now();
    const images: CompletedImage[] = await Promise.all(
      produced.map(async (image, index) => {
        signal.throwIfAborted();
        const key = imageKey({ workspaceId: job.workspaceId, jobId: job.id, index, contentType: image.contentType, now: uploadStart });
        const { url } = await storage.put(key, image.bytes, image.contentType, { jobId: job.id, private: job.private });
        uploaded.push(key);
        return {
          id: newId("img", uploadStart),
          index,
          storageKey: key,
          url,
          contentType: image.contentType,
          width: image.width,
          height: image.height,
          bytes: image.bytes.byteLength,
        };
      }),
    );
    let completed;
    const completedAt = clock.now();
    onWorkDone();
    try {
      completed = await store.jobs.complete({
        jobId: job.id,
        workerId,
        images,
        providerMs,
        uploadMs: completedAt - uploadStart,
        providerCostUsd: output.costUsd,
        now: completedAt,
      });
    } catch (error) {
      // The store may have committed before the answer was lost (a dropped Convex response):
      // then the images are the job's and must stay.
      if ((await store.jobs.get(job.id).catch(() => null))?.status === "completed") return { outcome: "completed" };
      throw error;
    }
    if (!completed) {
      await removeObjects(options, uploaded);
      return { outcome: "lost" };
    }
    return { outcome: "completed", completed: { job: completed, images: imagesOfCompletion(completed, images, completedAt) } };
  } catch (error) {
    await removeObjects(options, uploaded);
    if (lost.signal.aborted) return { outcome: "lost" };
    if (shutdown.aborted) {
      const released = await store.jobs.release(job.id, workerId, clock.now(), clock.now());
      return { outcome: released ? "released" : "lost" };
    }
    return { outcome: await settleFailure(options, job, error) };
  } finally {
    clearInterval(heartbeat);
    work?.dispose();
  }
}

/** The submit-time NSFW rules, for a job queued while the workspace allowed NSFW: it fails (refunded) instead of running. */
function refuseUnderNsfwBlock(job: Job, model: Model): void {
  const word = findBlockedWord(job.prompt, NSFW_BLOCK_WORDS);
  if (!canBlockNsfw(model) || word) {
    throw new ProviderError("PROVIDER_BAD_REQUEST", `job no longer allowed: the workspace blocks NSFW (${word ? "prompt word" : "model"})`, {
      retryable: false,
      userMessage: word
        ? `This workspace now blocks NSFW prompts, and this one contains "${word}".`
        : `${model.displayName} cannot keep NSFW content out, and this workspace now blocks NSFW. Pick another model.`,
    });
  }
}

async function settleFailure(options: EngineOptions, job: Job, error: unknown): Promise<RunOutcome> {
  const { store, clock, logger, workerId } = options;
  const now = clock.now();
  const failure =
    error instanceof ProviderError
      ? error
      : error instanceof DOMException && error.name === "TimeoutError"
        ? new ProviderError("PROVIDER_TIMEOUT", "the image service took too long", { retryable: true, cause: error })
        : asCodedError(error, "STORAGE_ERROR");
  const retryable = failure instanceof ProviderError ? failure.retryable : true;
  const userMessage = failure instanceof ProviderError ? failure.userMessage : "Saving the image failed.";

  // A degraded provider (circuit open) is not the job's fault: wait without spending an attempt.
  if (failure.code === "PROVIDER_DEGRADED") {
    const released = await store.jobs.release(job.id, workerId, now + options.retryPolicy.initialBackoffMs, now);
    return released ? "released" : "lost";
  }
  // The job's own attempt limit, fixed when it was queued, is the one its messages show.
  const retry = shouldRetry({ ...options.retryPolicy, maxAttempts: job.maxAttempts }, job.attempts, retryable);
  const retryAfter = failure instanceof ProviderError ? failure.retryAfterMs : null;
  const retryAt = retry ? now + backoffMs(options.retryPolicy, job.attempts, retryAfter, options.random) : null;
  const level = retry ? "info" : "warn";
  logger[level]({ jobId: job.id, code: failure.code, attempt: job.attempts, retryAt, err: failure }, "job attempt failed");
  const settled = await store.jobs.fail({
    jobId: job.id,
    workerId,
    errorCode: failure.code,
    // Shown to people: a message built from an upstream error must not carry a secret in it.
    errorMessage: scrubString(userMessage),
    retryAt,
    now,
  });
  if (!settled) return "lost";
  return retry ? "retrying" : "failed";
}

async function removeObjects(options: EngineOptions, keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      options.storage.delete(key).catch((error: unknown) => options.logger.warn({ err: error, key }, "could not remove an orphaned image")),
    ),
  );
}

/** The job's stored input image; its loss is final (the job is refunded), never retried. */
async function loadJobInput(options: EngineOptions, key: string): Promise<GeneratedImage> {
  const stored = await options.storage.get(key);
  if (!stored) {
    throw new ProviderError("PROVIDER_BAD_REQUEST", `input image ${key} is missing from storage`, {
      retryable: false,
      userMessage: "The image this job starts from is gone from storage, so it cannot be generated.",
    });
  }
  const size = parseInputImageKey(key);
  return { bytes: stored.bytes, contentType: stored.contentType as GeneratedImage["contentType"], width: size?.width ?? 0, height: size?.height ?? 0 };
}
