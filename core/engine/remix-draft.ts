import type { AspectRatio } from "../domain/aspect-ratios.ts";
import type { Job } from "../domain/job.ts";
import { acceptsImageInput, canBlockNsfw } from "../domain/models.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { ResolvedActor } from "./actor.ts";
import type { EngineOptions } from "./engine-options.ts";

/**
 * What a Remix form is prefilled with (issue #19). The front end shows it, the person edits the
 * prompt (and may pick another of `imageModels`), then submits with
 * `inputImage: { kind: "image", imageId }` and `parentJobId: jobId`.
 */
export interface RemixDraft {
  jobId: string;
  /** The chosen result, the remix's input image. */
  imageId: string;
  prompt: string;
  /** The job's own model when it takes an input image, else the first allowed model that does. */
  model: string;
  aspectRatio: AspectRatio;
  /** Models this workspace allows that take an input image, in catalog order. */
  imageModels: string[];
}

/**
 * The draft for remixing result `imageIndex` (Image.index: 0 for a job's first image) of a job
 * the actor may see. Rejections: NOT_FOUND (no such image, e.g. deleted),
 * IMAGE_INPUT_UNSUPPORTED (no allowed model takes an input image).
 */
export async function remixDraft(options: EngineOptions, job: Job, resolved: ResolvedActor, imageIndex: number): Promise<Result<RemixDraft, Rejection>> {
  const images = await options.store.images.listForJob(job.id);
  const image = images.find((candidate) => candidate.index === imageIndex);
  if (!image) {
    return err(reject("NOT_FOUND", images.length ? `Job ${job.id} has no image ${imageIndex + 1}; it has ${images.length}.` : `Job ${job.id} has no images to remix (not finished, or deleted).`));
  }
  const settings = resolved.workspace.settings;
  const imageModels = options.catalog.models
    .filter((model) => acceptsImageInput(model))
    .filter((model) => settings.allowedModels.length === 0 || settings.allowedModels.includes(model.id))
    .filter((model) => settings.nsfw !== "block" || canBlockNsfw(model))
    .map((model) => model.id);
  const model = imageModels.includes(job.model) ? job.model : imageModels[0];
  if (!model) {
    return err(reject("IMAGE_INPUT_UNSUPPORTED", "No model this workspace allows can start from an image. Ask a workspace admin to allow one.", { imageModels }));
  }
  return ok({ jobId: job.id, imageId: image.id, prompt: job.prompt, model, aspectRatio: job.aspectRatio, imageModels });
}
