import { effectiveDailyCap } from "../domain/credits.ts";
import { DEFAULT_BLOCK_WORDS } from "../domain/block-list.ts";
import { validateGeneration, type GenerationRequest, type ValidGeneration } from "../domain/generation-request.ts";
import { newId } from "../domain/ids.ts";
import type { Job, JobSource, ReplyTarget } from "../domain/job.ts";
import { PLANS } from "../domain/plans.ts";
import { rejections } from "../domain/rejection-messages.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { InputImageSource } from "../domain/input-image.ts";
import type { GeneratedImage } from "../ports/image-provider.ts";
import type { Actor, ResolvedActor } from "./actor.ts";
import type { ActorCache } from "./actor-cache.ts";
import type { EngineOptions } from "./engine-options.ts";
import { inputImageKey, parseInputImageKey } from "./input-image-key.ts";
import { loadInputImage } from "./load-input-image.ts";
import { resolveActor, resolveActorUnchecked } from "./resolve-actor.ts";

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
  /**
   * The image the job starts from (issue #19): a platform attachment or public URL, or a stored
   * result (Remix). Refused before any charge when the model cannot take one or the image
   * cannot be used; otherwise the job keeps its own stored copy (Job.inputImageKey).
   */
  inputImage?: InputImageSource;
}

/**
 * The engine's own way to start from an input already stored for a job (a rerun of a job that
 * had one): the copy is read from storage, not fetched again.
 */
export interface StoredInput {
  key: string;
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
export async function submitGeneration(options: EngineOptions, input: SubmitInput, storedInput?: StoredInput, actors?: ActorCache): Promise<Result<Accepted, Rejection>> {
  const now = options.clock.now();
  // An input image costs a fetch and a put: that submit resolves its actor checked, as commands do.
  if (input.inputImage !== undefined || storedInput !== undefined) {
    return submitAs(options, input, storedInput, await resolveActor(options.store, options, input.actor, now, actors));
  }
  // Otherwise a cached actor goes unchecked: the store's submit checks its revision in its own
  // transaction (NewJob.actorRevision), so a known member's /imagine reads nothing before it.
  const { resolved, revision } = await resolveActorUnchecked(options.store, options, input.actor, now, actors);
  const first = await submitAs(options, input, undefined, resolved, revision);
  if (first.ok || revision === undefined || !(await actorMoved(options, first.error, resolved.workspace.id, revision))) return first;
  // Refused on the word of a cached actor that changed since (a ban, a plan, a setting, from any
  // process; nothing was written): decide again on the actor as the store has it now.
  actors?.delete(input.actor);
  return submitAs(options, input, undefined, await resolveActor(options.store, options, input.actor, options.clock.now(), actors));
}

/**
 * Whether a refusal may rest on an out-of-date cached actor: the store said so, or the revision
 * has moved since (one read, paid by refusals only: the checks before the store use the cached
 * settings and channel list, and a setting that now allows the request must not refuse it).
 */
async function actorMoved(options: EngineOptions, error: Rejection, workspaceId: string, revision: number): Promise<boolean> {
  if (error.code === "ACTOR_CHANGED") return true;
  return (await options.store.workspaces.actorRevision?.(workspaceId))?.revision !== revision;
}

async function submitAs(
  options: EngineOptions,
  input: SubmitInput,
  storedInput: StoredInput | undefined,
  resolved: ResolvedActor,
  revision?: number,
): Promise<Result<Accepted, Rejection>> {
  const now = options.clock.now();
  const { workspace } = resolved;
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
    inputImage: input.inputImage !== undefined || storedInput !== undefined,
  });
  if (!valid.ok) return valid;
  // The store's submit decides storage on its own reads: storage used moves with every job, so
  // a cached actor's figure may be old either way. Only a submit with an input image (whose
  // actor was read from the store) checks first, so nothing is fetched and stored for a full workspace.
  const startsFromImage = input.inputImage !== undefined || storedInput !== undefined;
  if (startsFromImage && workspace.storageUsedBytes >= workspace.storageQuotaBytes) {
    return err(rejections.storageFull(workspace.storageUsedBytes, workspace.storageQuotaBytes));
  }

  const g = valid.value;
  const jobId = newId("job", now);

  let inputBytes: GeneratedImage | null = null;
  if (storedInput) {
    const stored = await options.storage.get(storedInput.key);
    if (!stored) return err(inputGone());
    const size = parseInputImageKey(storedInput.key) ?? { width: 0, height: 0 };
    inputBytes = { bytes: stored.bytes, contentType: stored.contentType as GeneratedImage["contentType"], width: size.width, height: size.height };
  } else if (input.inputImage) {
    const loaded = await loadInputImage(options, resolved, input.inputImage);
    if (!loaded.ok) return loaded;
    // What starts from a private result must be private too: otherwise an admin who may see it
    // could publish a derivative of it. Refused rather than made private here, because the front
    // end already chose where the answer goes (a channel) from the request as typed.
    if (loaded.value.private && !g.private) {
      return err(reject("INVALID_REQUEST", "That image is private, so what starts from it must be private too: ask again with private on (--private). Nothing was charged."));
    }
    inputBytes = loaded.value;
  }
  // The job's own copy goes in before the job row names it; a refusal or a repeated delivery
  // (the original job keeps its own copy) removes it again. A store call that throws may still
  // have committed (Convex: the answer lost on the way back), so its copy stays: were it the
  // job's, deleting it would doom the job; were it not, the orphan sweep removes an object no
  // job names after its grace period, as after a crash in between (orphan-sweep.ts).
  // The copy counts toward the storage quota (its bytes ride in its key, counted by the store's
  // submit with the charge): one that would not fit is refused before it is stored.
  if (inputBytes && workspace.storageUsedBytes + inputBytes.bytes.length > workspace.storageQuotaBytes) {
    return err(rejections.noRoomForInput(workspace.storageUsedBytes, workspace.storageQuotaBytes, inputBytes.bytes.length));
  }
  const inputKey = inputBytes
    ? inputImageKey({ workspaceId: workspace.id, jobId, contentType: inputBytes.contentType, width: inputBytes.width, height: inputBytes.height, bytes: inputBytes.bytes.length, now })
    : null;
  if (inputKey && inputBytes) await options.storage.put(inputKey, inputBytes.bytes, inputBytes.contentType, { jobId, private: true });
  const dropInput = async () => {
    if (inputKey) await options.storage.delete(inputKey).catch((error: unknown) => options.logger.warn({ err: error, key: inputKey }, "could not delete an unused input image"));
  };
  const submitted = await submitJob(options, input, resolved, revision, g, jobId, inputKey, now);
  if (!submitted.ok || submitted.value.duplicate) await dropInput();
  if (!submitted.ok) return submitted;
  const { job, position, duplicate } = submitted.value;
  return ok({ job, position, price: job.creditsCharged, duplicate, resolved });
}

/** A rerun of a job whose stored input copy is gone (deleted with its images, or lost). */
export function inputGone(): Rejection {
  return reject("BAD_INPUT_IMAGE", "The image this job started from is gone from storage, so it cannot be run again. Nothing was charged.");
}

function submitJob(
  options: EngineOptions,
  input: SubmitInput,
  { workspace, member, user }: ResolvedActor,
  actorRevision: number | undefined,
  g: ValidGeneration,
  jobId: string,
  inputKey: string | null,
  now: number,
) {
  const settings = workspace.settings;
  return options.store.jobs.submit(
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
      inputImageKey: inputKey,
      strength: inputKey ? g.strength : null,
      price: g.price,
      maxAttempts: options.retryPolicy.maxAttempts,
      replyTarget: input.replyTarget,
      now,
      ...(actorRevision !== undefined && { actorRevision }),
    },
    {
      maxQueuedPerMember: PLANS[workspace.plan].maxQueuedPerMember,
      dailyCap: effectiveDailyCap(settings.memberDailyCap, member.dailyCapOverride),
    },
  );
}
