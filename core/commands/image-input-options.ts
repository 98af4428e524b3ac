import type { GenerationRequest } from "../domain/generation-request.ts";
import type { InputImageSource } from "../domain/input-image.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { Actor } from "../engine/actor.ts";
import type { Engine } from "../engine/engine.ts";
import type { OptionValues } from "./parse-text-command.ts";

export interface ImageInputChoice {
  inputImage?: InputImageSource;
  parentJobId?: string;
  /** The request with a remix's model and aspect ratio filled in where the person named none. */
  request: GenerationRequest;
}

/**
 * /imagine's text-form image options: `--image <https link>` or `--remix <job>[/<n>]` (n counts
 * from 1, the job's first image by default), as the engine's input image. A remix takes the
 * job's model when it accepts an input image and the person named none (engine.remixDraft).
 */
export async function imageInputFromOptions(engine: Engine, actor: Actor, options: OptionValues, request: GenerationRequest): Promise<Result<ImageInputChoice, Rejection>> {
  const url = typeof options.image === "string" ? options.image.trim() : "";
  const remix = typeof options.remix === "string" ? options.remix.trim() : "";
  if (url && remix) return err(reject("INVALID_REQUEST", "Use either --image or --remix, not both."));
  if (url) return ok({ inputImage: { kind: "url", url }, request });
  if (!remix) return ok({ request });
  const match = /^([A-Za-z0-9_]+)(?:\/(\d+))?$/.exec(remix);
  if (!match) return err(reject("INVALID_REQUEST", `--remix takes a job id, optionally with /<image number> (e.g. job_123/2), got "${remix}".`));
  const draft = await engine.remixDraft(actor, match[1]!, Number(match[2] ?? 1) - 1);
  if (!draft.ok) return draft;
  return ok({
    inputImage: { kind: "image", imageId: draft.value.imageId },
    parentJobId: draft.value.jobId,
    request: { ...request, model: request.model ?? draft.value.model, aspectRatio: request.aspectRatio ?? draft.value.aspectRatio },
  });
}
