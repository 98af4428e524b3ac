import { INPUT_IMAGE_LIMIT_TEXT, INPUT_IMAGE_MAX_BYTES, type InputImageSource } from "../domain/input-image.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { GeneratedImage } from "../ports/image-provider.ts";
import type { ResolvedActor } from "./actor.ts";
import type { EngineOptions } from "./engine-options.ts";

/** A checked input image; `private` when it is a private Pixorly result (what starts from it stays private). */
export type LoadedInputImage = GeneratedImage & { private: boolean };

/** How long fetching an input image may take before the person is told to try another. */
export const INPUT_IMAGE_TIMEOUT_MS = 15_000;

/**
 * Turns a front end's image reference into checked bytes: a URL through the injected safe
 * fetch (https, public addresses only, redirects re-checked, size cap, whole-image check), a
 * stored result through the store and storage with the same visibility rules as /show. Runs
 * before anything is charged, so every failure is a rejection that costs nothing.
 */
export async function loadInputImage(
  options: Pick<EngineOptions, "imageFetch" | "store" | "storage">,
  resolved: Pick<ResolvedActor, "workspace" | "user" | "isAdmin">,
  source: InputImageSource,
  signal: AbortSignal = AbortSignal.timeout(INPUT_IMAGE_TIMEOUT_MS),
): Promise<Result<LoadedInputImage, Rejection>> {
  switch (source.kind) {
    case "url":
      try {
        return ok({ ...(await options.imageFetch(source.url, signal, { authorization: source.authorization, maxBytes: INPUT_IMAGE_MAX_BYTES })), private: false });
      } catch (error) {
        return err(reject("BAD_INPUT_IMAGE", `Pixorly could not use that image: ${fetchProblem(error)}. Nothing was charged.`));
      }
    case "image": {
      const image = await options.store.images.get(source.imageId);
      // Another workspace's image is reported exactly like a missing one.
      const visible = image && image.workspaceId === resolved.workspace.id && (!image.private || image.userId === resolved.user.id || resolved.isAdmin);
      if (!visible) return err(reject("BAD_INPUT_IMAGE", "That image is not available any more (deleted, or not in this workspace). Nothing was charged."));
      const stored = await options.storage.get(image.storageKey);
      if (!stored) return err(reject("BAD_INPUT_IMAGE", "That image's file is gone from storage, so it cannot be used. Nothing was charged."));
      return ok({ bytes: stored.bytes, contentType: image.contentType as GeneratedImage["contentType"], width: image.width, height: image.height, private: image.private });
    }
  }
}

/**
 * The safe fetch's errors are written for operators ("image at host: bytes are not a PNG...");
 * the person gets the reason in their own terms, without hosts or addresses.
 */
function fetchProblem(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/cap\b/.test(text)) return `it is larger than ${INPUT_IMAGE_LIMIT_TEXT}`;
  if (/not a PNG, JPEG or WebP/.test(text)) return "it is not a PNG, JPEG or WebP image";
  if (/must use https|non-public address|not a URL|must not carry credentials|Unsafe|not public/i.test(text)) {
    return "the link must be a public https address";
  }
  if (/did not finish in time/.test(text)) return "downloading it took too long";
  if (/HTTP \d+/.test(text)) return "the link did not answer with an image (it may have expired)";
  if (/\((cut off|corrupt)\)/.test(text)) return "the file is damaged or incomplete";
  return "it could not be downloaded";
}
