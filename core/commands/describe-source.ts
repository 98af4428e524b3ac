import type { InputImageSource } from "../domain/input-image.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { Actor } from "../engine/actor.ts";
import type { Engine } from "../engine/engine.ts";

/** "job_…" or "job_…/2": one of Pixorly's own results (its first image unless numbered). */
const RESULT = /^(job_[A-Za-z0-9_]+)(?:\/(\d+))?$/;

/**
 * What a typed /describe argument names: one of our results (`/describe job_…/2`, which works
 * offline and without a public link: the embedded product describes what it made) or an image
 * link. The result is read with /show's visibility, so another workspace's or another member's
 * private job is refused like a missing one.
 */
export async function describeSourceFromText(engine: Engine, actor: Actor, text: string): Promise<Result<InputImageSource, Rejection>> {
  const match = RESULT.exec(text.trim());
  if (!match) return ok({ kind: "url", url: text.trim() });
  const [, jobId, number] = match;
  const viewed = await engine.view(actor, jobId!);
  if (!viewed.ok) return viewed;
  const index = Number(number ?? 1) - 1;
  const image = viewed.value.images.find((candidate) => candidate.index === index);
  if (!image) {
    const count = viewed.value.images.length;
    return err(reject("NOT_FOUND", count ? `Job ${jobId} has no image ${index + 1}; it has ${count}. Nothing was charged.` : `Job ${jobId} has no images to describe. Nothing was charged.`));
  }
  return ok({ kind: "image", imageId: image.id });
}
