import { inputCopyRemovable } from "../domain/rules/input-image.ts";
import type { Image } from "../domain/image.ts";
import type { Job } from "../domain/job.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { validateSettingsPatch } from "../domain/settings-patch.ts";
import type { Platform, Workspace } from "../domain/workspace.ts";
import type { JobView, Notifier } from "../ports/notifier.ts";
import type { Actor, ResolvedActor } from "./actor.ts";
import { Delivery } from "./delivery.ts";
import type { EngineOptions } from "./engine-options.ts";
import { Janitor } from "./janitor.ts";
import { SharedGallery } from "./shared-gallery.ts";
import { PositionUpdates } from "./position-updates.ts";
import { ActorCache } from "./actor-cache.ts";
import { resolveActor } from "./resolve-actor.ts";
import { inputGone, submitGeneration, type Accepted, type StoredInput, type SubmitInput } from "./submit-generation.ts";
import { WorkerPool } from "./worker-pool.ts";
import { creditsSummary, type CreditsSummary } from "./credits-summary.ts";
import { forgetUser, type ForgetProblem, type ForgetReport } from "./forget-user.ts";
import { DescribeFlights } from "./describe-flights.ts";
import { describeImage, type Described, type DescribeRequest } from "./describe-image.ts";
import { remixDraft, type RemixDraft } from "./remix-draft.ts";

export type { RemixDraft } from "./remix-draft.ts";

let readOptions: (engine: Engine) => EngineOptions;

/**
 * The options an engine was built with, for the engine's own helper modules in core/engine
 * (API keys, library, installations). Not for edges: bots/ get narrow engine methods instead
 * (test/unit/architecture/engine-options-boundary.test.ts keeps it that way).
 */
export function engineOptions(engine: Engine): EngineOptions {
  return readOptions(engine);
}

export type RerunMode = "regenerate" | "variations";

/**
 * The one entry point front ends call. Every method takes the platform's view of who is
 * asking (an Actor) and answers with values or typed rejections; none throws for an expected
 * outcome.
 */
export class Engine {
  readonly delivery: Delivery;
  /** Keeps the messages of the jobs this process accepted showing their current queue position. */
  readonly positions: PositionUpdates;
  /** What a collection's share link shows (the sharing rules live here, not in the page that renders it). */
  readonly gallery: SharedGallery;
  private readonly pool: WorkerPool;
  private readonly janitor: Janitor;
  private readonly describeFlights: DescribeFlights<Result<Described, Rejection>>;
  private started = false;
  /** Known members of this process (validated against the store's actor revision on every use). */
  readonly #actors = new ActorCache();
  /**
   * The store, storage, providers and clock. Private (a real #field, not a TS modifier): edges
   * get what they need as engine methods or from the composition root, so an edge cannot reach
   * around the engine's rules to the Store. The engine's own helper modules in core/engine read
   * it through engineOptions() below.
   */
  readonly #options: EngineOptions;

  static {
    readOptions = (engine) => engine.#options;
  }

  constructor(options: EngineOptions) {
    this.#options = options;
    this.delivery = new Delivery(options.store, options.logger, (view) =>
      Boolean(options.breakers?.get(view.job.provider)?.isOpen(options.clock.now())),
      () => options.clock.now(),
    );
    this.positions = new PositionUpdates({
      store: options.store,
      delivery: this.delivery,
      clock: options.clock,
      logger: options.logger,
      intervalMs: options.positionUpdateIntervalMs,
      perPass: options.positionUpdatesPerPass,
      perChannel: options.positionUpdatesPerChannel,
    });
    this.gallery = new SharedGallery(options.store, options.logger.child({ component: "gallery" }));
    this.pool = new WorkerPool(options, this.delivery);
    this.janitor = new Janitor(options, this.delivery);
    this.describeFlights = new DescribeFlights({ now: () => options.clock.now() });
  }

  get catalog() {
    return this.#options.catalog;
  }

  /** The engine's clock (edges time their deadlines and replies by it, so tests can move it). */
  now(): number {
    return this.#options.clock.now();
  }

  /** /forget-me on every front end: everything Pixorly keeps about the person behind `who` goes (see forgetUser). */
  forgetUser(who: { platform: Platform; externalUserId: string }): Promise<Result<ForgetReport, ForgetProblem>> {
    return forgetUser(this.#options, who);
  }

  register(notifier: Notifier): void {
    this.delivery.register(notifier);
  }

  /** Starts the workers and the janitor (a process may also run front ends only). */
  start({ workers = true }: { workers?: boolean } = {}): void {
    if (this.started) return;
    this.started = true;
    if (workers) this.pool.start();
    this.janitor.start();
  }

  /** Graceful: stop claiming, give in-flight jobs `graceMs`, release the rest, flush deliveries. */
  async stop(graceMs: number): Promise<void> {
    this.positions.stop();
    await this.pool.stop(graceMs);
    await this.janitor.stop();
    await this.delivery.idle();
  }

  /** One janitor pass now (tests, the admin command line); the janitor also runs on a timer. */
  housekeeping(): Promise<void> {
    return this.janitor.tick();
  }

  /** Removes stored images no image row points to, past their grace period (the janitor also does, hourly). */
  sweepOrphanImages(): ReturnType<Janitor["sweepOrphans"]> {
    return this.janitor.sweepOrphans();
  }

  resolve(actor: Actor): Promise<ResolvedActor> {
    return resolveActor(this.#options.store, this.#options, actor, this.#options.clock.now(), this.#actors);
  }

  submit(input: SubmitInput): Promise<Result<Accepted, Rejection>> {
    return this.submitWith(input);
  }

  /** `storedInput`: a rerun of a job that started from an image starts from the same stored copy. */
  private async submitWith(input: SubmitInput, storedInput?: StoredInput): Promise<Result<Accepted, Rejection>> {
    const result = await submitGeneration(this.#options, input, storedInput, this.#actors);
    if (result.ok && !result.value.duplicate) {
      this.pool.wake();
      const { job, position } = result.value;
      // REST API jobs have no message to move (their webhook hears only the outcome).
      if (position !== null && job.source !== "api") this.positions.watch(job.id, position, job.channelKey);
    }
    return result;
  }

  /**
   * /describe: prompt suggestions for an image from a vision model, charged once per platform
   * event and never for a failure (see describeImage for the order and the crash window).
   */
  describe(request: DescribeRequest): Promise<Result<Described, Rejection>> {
    return describeImage(this.#options, this.describeFlights, request);
  }

  /**
   * Regenerate: the same request with a new seed. Variations: the same prompt, as many images
   * as the model makes at once, new seeds. Both are new jobs, priced as usual.
   */
  async rerun(
    actor: Actor,
    jobId: string,
    mode: RerunMode,
    input: Pick<SubmitInput, "source" | "idempotencyKey" | "channelKey" | "replyTarget">,
  ): Promise<Result<Accepted, Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId);
    if (!found.ok) return found;
    const hidden = this.hiddenFrom(found.value.job, found.value.resolved);
    if (hidden) return err(hidden);
    const original = found.value.job;
    // A job that started from an image always has a strength; without its key, the copy was
    // deleted with the job's images. Running it from text alone would be another request.
    if (original.strength !== null && original.inputImageKey === null) return err(inputGone());
    const model = this.#options.catalog.get(original.model);
    return this.submitWith({
      ...input,
      actor,
      parentJobId: original.id,
      request: {
        prompt: original.prompt,
        negativePrompt: original.negativePrompt ?? undefined,
        model: original.model,
        aspectRatio: original.aspectRatio,
        count: mode === "variations" ? Math.min(4, model?.maxImages ?? original.count) : original.count,
        private: original.private,
        strength: original.strength ?? undefined,
      },
    }, original.inputImageKey ? { key: original.inputImageKey } : undefined);
  }

  /**
   * The Remix button's form: result `imageIndex` (0-based, Image.index) of a job the actor may
   * see, with the prompt and a model that takes an input image (see remix-draft.ts).
   */
  async remixDraft(actor: Actor, jobId: string, imageIndex: number): Promise<Result<RemixDraft, Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId);
    if (!found.ok) return found;
    const hidden = this.hiddenFrom(found.value.job, found.value.resolved);
    if (hidden) return err(hidden);
    return remixDraft(this.#options, found.value.job, found.value.resolved, imageIndex);
  }

  /** The requester or a workspace admin cancels a pending job; credits come back in full. */
  async cancel(actor: Actor, jobId: string): Promise<Result<Job, Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId);
    if (!found.ok) return found;
    const { job, resolved } = found.value;
    if (job.userId !== resolved.user.id && !resolved.isAdmin) {
      return err(reject("FORBIDDEN", "Only the person who asked for this image or a workspace admin can cancel it."));
    }
    const cancelled = await this.#options.store.jobs.cancel(job.id, this.#options.clock.now());
    if (cancelled.ok) void this.delivery.deliver(job.id);
    return cancelled;
  }

  /**
   * Deletes a job's images (storage and records) and, once the job has finished, its stored
   * input copy (issue #19: the photo a job started from goes with it; its bytes leave the
   * storage totals). Requester or admin only. The object goes before the job stops naming it,
   * like an image's: a failure in between leaves a job whose Regenerate answers "gone from
   * storage", and pressing Delete again finishes the release.
   */
  async deleteImages(actor: Actor, jobId: string): Promise<Result<Image[], Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId);
    if (!found.ok) return found;
    const { job, resolved } = found.value;
    if (job.userId !== resolved.user.id && !resolved.isAdmin) {
      return err(reject("FORBIDDEN", "Only the person who asked for this image or a workspace admin can delete it."));
    }
    const images = await this.#options.store.images.listForJob(job.id);
    const now = this.#options.clock.now();
    for (const image of images) {
      await this.#options.storage.delete(image.storageKey);
      await this.#options.store.images.delete(image.id, now);
    }
    if (job.inputImageKey && inputCopyRemovable(job)) {
      await this.#options.storage.delete(job.inputImageKey);
      await this.#options.store.jobs.releaseInputImage(job.id, job.inputImageKey, now);
    }
    void this.delivery.deliver(job.id);
    return ok(images);
  }

  /**
   * A job's current state, within the actor's workspace; with `acrossLink` (a person's /show)
   * also in the workspace it shares a credit pool with (#19). A private job only for its owner
   * or an admin of the job's own workspace. The REST API never crosses a link: an API key
   * answers for its own workspace's jobs (their webhook URLs included) and no other's.
   */
  async view(actor: Actor, jobId: string, { acrossLink = false }: { acrossLink?: boolean } = {}): Promise<Result<JobView, Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId, { acrossLink });
    if (!found.ok) return found;
    const hidden = this.hiddenFrom(found.value.job, found.value.resolved);
    if (hidden) return err(hidden);
    const view = await this.delivery.view(jobId);
    return view ? ok(view) : err(notFound(jobId));
  }

  async listJobs(actor: Actor, limit = 10): Promise<Job[]> {
    const { workspace, user } = await this.resolve(actor);
    return this.#options.store.jobs.list({ workspaceId: workspace.id, userId: user.id, limit });
  }

  async credits(actor: Actor): Promise<CreditsSummary> {
    return creditsSummary(this.#options, await this.resolve(actor));
  }

  /** Saves a job's images to the member's own collection (the Save button). */
  async saveToCollection(actor: Actor, jobId: string): Promise<Result<number, Rejection>> {
    const found = await this.jobInWorkspace(actor, jobId);
    if (!found.ok) return found;
    const { resolved } = found.value;
    const hidden = this.hiddenFrom(found.value.job, resolved);
    if (hidden) return err(hidden);
    const now = this.#options.clock.now();
    const collection = await this.#options.store.collections.ensureForUser({
      workspaceId: resolved.workspace.id,
      userId: resolved.user.id,
      name: `${resolved.user.displayName ?? "My"} saved images`,
      now,
    });
    const images = await this.#options.store.images.listForJob(jobId);
    for (const image of images) await this.#options.store.collections.addImage(collection.id, image.id, resolved.user.id, now);
    return ok(images.length);
  }

  /**
   * A page of a collection: the channel's shared one (public images only), or with
   * `channelKey` null the member's saved images (their private ones included).
   */
  async collectionPage(actor: Actor, channelKey: string | null, channelName: string, page: number, pageSize = 8) {
    const { workspace, user } = await this.resolve(actor);
    const now = this.#options.clock.now();
    const collection = channelKey
      ? await this.#options.store.collections.ensureForChannel({ workspaceId: workspace.id, channelKey, name: channelName, now })
      : await this.#options.store.collections.ensureForUser({ workspaceId: workspace.id, userId: user.id, name: channelName, now });
    const { images, total } = await this.#options.store.collections.listImages(collection.id, {
      ...pageWindow(page, pageSize),
      includePrivate: channelKey === null,
    });
    const shareToken = workspace.settings.sharingEnabled ? collection.shareToken : null;
    return { collection, shareToken, images, total, page, pages: pageCount(total, pageSize) };
  }

  /** Prompt search in the workspace; private images only for their owner. */
  async searchImages(actor: Actor, query: string, page: number, pageSize = 8) {
    const { workspace, user } = await this.resolve(actor);
    const { images, total } = await this.#options.store.images.search({
      workspaceId: workspace.id,
      query,
      viewerUserId: user.id,
      ...pageWindow(page, pageSize),
    });
    return { images, total, page, pages: pageCount(total, pageSize) };
  }

  /** /settings: admins only; the patch is validated against the catalog. */
  async updateSettings(actor: Actor, patch: unknown): Promise<Result<Workspace, Rejection>> {
    const resolved = await this.resolve(actor);
    if (!resolved.isAdmin) return err(reject("FORBIDDEN", "Only workspace admins can change settings."));
    const valid = validateSettingsPatch(patch, this.#options.catalog);
    if (!valid.ok) return valid;
    const updated = await this.#options.store.workspaces.updateSettings(resolved.workspace.id, valid.value, this.#options.clock.now());
    return updated ? ok(updated) : err(reject("NOT_FOUND", "This workspace no longer exists."));
  }

  /** The bot left the guild or the app was uninstalled: stop accepting work, keep the data. */
  async deactivateWorkspace(platform: Platform, externalId: string): Promise<void> {
    const workspace = await this.#options.store.workspaces.findByExternal(platform, externalId);
    if (workspace) await this.#options.store.workspaces.setActive(workspace.id, false, this.#options.clock.now());
  }

  /** A private job's prompt and images belong to its owner and its own workspace's admins (not a linked side's). */
  private hiddenFrom(job: Job, resolved: ResolvedActor): Rejection | null {
    const adminHere = resolved.isAdmin && job.workspaceId === resolved.workspace.id;
    if (!job.private || job.userId === resolved.user.id || adminHere) return null;
    return reject("FORBIDDEN", "That job is private to the person who asked for it.");
  }

  /**
   * The job, when it belongs to the actor's workspace or (with `acrossLink`, for viewing only)
   * to the workspace linked with it. Acting on a job (cancel, delete, rerun) stays on its own side.
   */
  private async jobInWorkspace(
    actor: Actor,
    jobId: string,
    { acrossLink = false }: { acrossLink?: boolean } = {},
  ): Promise<Result<{ job: Job; resolved: ResolvedActor }, Rejection>> {
    const [job, resolved] = await Promise.all([this.#options.store.jobs.get(jobId), this.resolve(actor)]);
    if (job && job.workspaceId === resolved.workspace.id) return ok({ job, resolved });
    // A job from another workspace is reported exactly like a missing one, unless the two share a pool.
    if (!job || !acrossLink) return err(notFound(jobId));
    const link = await this.#options.store.links.active(resolved.workspace.id);
    const linked = link && [link.ownerWorkspaceId, link.joinerWorkspaceId].includes(job.workspaceId);
    return linked ? ok({ job, resolved }) : err(notFound(jobId));
  }
}

/** 1-based page numbers; a page below 1 reads as the first. */
function pageWindow(page: number, pageSize: number): { offset: number; limit: number } {
  return { offset: (Math.max(1, page) - 1) * pageSize, limit: pageSize };
}

function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

function notFound(jobId: string): Rejection {
  return reject("NOT_FOUND", `No job ${jobId} in this workspace.`);
}
