import { z } from "zod";
import { ASPECT_RATIOS, type AspectRatio } from "./aspect-ratios.ts";
import { findBlockedWord, NSFW_BLOCK_WORDS } from "./block-list.ts";
import { acceptsImageInput, canBlockNsfw, supportsAspect, type Model, type ModelCatalog } from "./models.ts";
import { reject, type Rejection } from "./rejections.ts";
import { err, ok, type Result } from "./result.ts";
import type { NsfwPolicy } from "./workspace.ts";

export const PROMPT_MAX = 1500;
export const MAX_SEED = 2 ** 32 - 1;
/** How far a job may move from its input image: 0.05 keeps it nearly as is, 1 keeps little. */
export const STRENGTH_MIN = 0.05;
export const STRENGTH_MAX = 1;
export const DEFAULT_STRENGTH = 0.6;
// C0/C1 control characters except tab and newline, which people paste in multi-line prompts.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * What a front end (or the REST API) hands to the engine; everything optional but the prompt.
 * Only the shape is checked here: the rules are validateGeneration's (the descriptions, which
 * the REST API's OpenAPI document shows, just tell them).
 */
export const generationRequestSchema = z.object({
  prompt: z.string().describe(`What to draw, 1 to ${PROMPT_MAX} characters.`),
  negativePrompt: z.string().optional().describe(`What to leave out, at most ${PROMPT_MAX} characters.`),
  model: z.string().optional().describe("A model id the workspace allows; default: the workspace's default model."),
  aspectRatio: z.string().optional().describe(`One of ${ASPECT_RATIOS.join(", ")} that the model supports; default 1:1.`),
  count: z.number().optional().describe("Number of images, 1 to 4 (and at most what the model makes at once); default 1."),
  seed: z.number().optional().describe(`A whole number from 0 to ${MAX_SEED}, to reproduce an image; default: random.`),
  private: z.boolean().optional().describe("Keep the images out of shared collections; default false."),
  strength: z
    .number()
    .optional()
    .describe(`With an input image: how far from it, ${STRENGTH_MIN} (close) to ${STRENGTH_MAX} (free); default ${DEFAULT_STRENGTH}. Ignored without one.`),
});
export type GenerationRequest = z.infer<typeof generationRequestSchema>;

export interface ValidGeneration {
  prompt: string;
  negativePrompt: string | null;
  model: Model;
  aspectRatio: AspectRatio;
  count: number;
  seed: number;
  private: boolean;
  /** With an input image: how far from it (STRENGTH_MIN..STRENGTH_MAX); null without one. */
  strength: number | null;
  /**
   * Credits the job costs: count * the model's price per image (its imageInput price when the
   * job starts from an image).
   */
  price: number;
}

export interface ValidationContext {
  catalog: ModelCatalog;
  /** Models the workspace allows; empty means every catalog model. */
  allowedModels: readonly string[];
  /** The workspace's default model, when it set one. */
  defaultModel: string | null;
  blockWords: readonly string[];
  /** "block" adds NSFW_BLOCK_WORDS to `blockWords` and refuses models that cannot keep NSFW out. */
  nsfw: NsfwPolicy;
  /** Seed used when the request names none (injected so tests are deterministic). */
  randomSeed: () => number;
  /** The job starts from an input image: the model must accept one, and its edit price applies. */
  inputImage?: boolean;
}

function checkText(label: string, raw: string, min: number): Result<string, Rejection> {
  // Windows line endings (pasted text) are newlines too, not stray control characters.
  const text = raw.trim().replace(/\r\n?/g, "\n");
  // Characters as a person counts them: an emoji is one, not two UTF-16 units.
  const length = [...text].length;
  if (length < min) return err(reject("INVALID_PROMPT", `The ${label} is empty. Describe the image you want.`));
  if (length > PROMPT_MAX) {
    return err(
      reject("INVALID_PROMPT", `The ${label} is ${length} characters long; the limit is ${PROMPT_MAX}.`, {
        length,
        max: PROMPT_MAX,
      }),
    );
  }
  if (CONTROL_CHARS.test(text)) {
    return err(reject("INVALID_PROMPT", `The ${label} contains control characters; remove them and try again.`));
  }
  return ok(text);
}

/** Validate and price a request. Pure: no I/O, so a rejection here never costs anything. */
export function validateGeneration(req: GenerationRequest, ctx: ValidationContext): Result<ValidGeneration, Rejection> {
  const prompt = checkText("prompt", req.prompt, 1);
  if (!prompt.ok) return prompt;

  let negativePrompt: string | null = null;
  if (req.negativePrompt !== undefined && req.negativePrompt.trim() !== "") {
    const neg = checkText("negative prompt", req.negativePrompt, 1);
    if (!neg.ok) return neg;
    negativePrompt = neg.value;
  }

  const blocked = findBlockedWord(prompt.value, ctx.blockWords);
  if (blocked) {
    return err(reject("BLOCKED_PROMPT", `This workspace does not allow prompts containing "${blocked}".`, { word: blocked }));
  }

  const blocksNsfw = ctx.nsfw === "block";
  if (blocksNsfw) {
    const nsfwWord = findBlockedWord(prompt.value, NSFW_BLOCK_WORDS);
    if (nsfwWord) {
      return err(
        reject(
          "BLOCKED_PROMPT",
          `This workspace blocks NSFW prompts, and this one contains "${nsfwWord}". Nothing was charged. A workspace admin can change this with /settings.`,
          { word: nsfwWord, list: "nsfw" },
        ),
      );
    }
  }

  // While NSFW is blocked, a model that cannot keep it out is not offered (nor picked as a default).
  const workspaceAllows = (id: string) => ctx.allowedModels.length === 0 || ctx.allowedModels.includes(id);
  const nsfwSafe = (model: Model) => !blocksNsfw || canBlockNsfw(model);
  const isAllowed = (id: string) => {
    const model = ctx.catalog.get(id);
    return workspaceAllows(id) && (!model || nsfwSafe(model));
  };
  const offered = ctx.catalog.models.filter((m) => isAllowed(m.id)).map((m) => m.id);
  const requested = req.model?.trim();
  // Without an explicit model: the workspace default, else the deployment default, else the
  // first model the workspace allows (a default that is not configured here or not allowed is
  // skipped rather than reported as a model the person never asked for).
  // With an input image and no model named, the defaults that cannot take one are skipped.
  const fitsInput = (id: string | null) => !ctx.inputImage || (id !== null && ctx.catalog.get(id) !== undefined && acceptsImageInput(ctx.catalog.get(id)!));
  const modelId =
    requested ||
    [ctx.defaultModel, ctx.catalog.defaultModelId, ...offered].filter(fitsInput).find((id) => id && ctx.catalog.get(id) && isAllowed(id)) ||
    [ctx.defaultModel, ctx.catalog.defaultModelId, ...offered].find((id) => id && ctx.catalog.get(id) && isAllowed(id)) ||
    ctx.defaultModel ||
    ctx.catalog.defaultModelId;
  const model = ctx.catalog.get(modelId);
  if (model && workspaceAllows(modelId) && !nsfwSafe(model)) {
    return err(
      reject(
        "UNKNOWN_MODEL",
        `${model.displayName} cannot keep NSFW content out, and this workspace blocks NSFW. ${offered.length ? `Available: ${offered.join(", ")}.` : "Ask a workspace admin to allow another model."}`,
        { model: modelId, available: offered, reason: "nsfw" },
      ),
    );
  }
  if (!model || !isAllowed(modelId)) {
    const message =
      offered.length === 0
        ? "None of the models this workspace allows is available here. Ask a workspace admin to allow another model."
        : `${model ? `The model "${modelId}" is not allowed in this workspace` : `Unknown model "${modelId}"`}. Available: ${offered.join(", ")}.`;
    return err(reject("UNKNOWN_MODEL", message, { model: modelId, available: offered }));
  }

  if (ctx.inputImage && !acceptsImageInput(model)) {
    const able = offered.filter((id) => acceptsImageInput(ctx.catalog.get(id)!));
    return err(
      reject(
        "IMAGE_INPUT_UNSUPPORTED",
        `${model.displayName} cannot start from an image. ${able.length ? `Models that can: ${able.join(", ")}.` : "No model this workspace allows can; ask a workspace admin."} Nothing was charged.`,
        { model: modelId, imageModels: able },
      ),
    );
  }

  let strength: number | null = null;
  if (ctx.inputImage) {
    strength = req.strength ?? DEFAULT_STRENGTH;
    if (!Number.isFinite(strength) || strength < STRENGTH_MIN || strength > STRENGTH_MAX) {
      return err(reject("INVALID_REQUEST", `The strength must be a number from ${STRENGTH_MIN} to ${STRENGTH_MAX}.`));
    }
  }

  const aspect = (req.aspectRatio?.trim() || "1:1") as AspectRatio;
  if (!(ASPECT_RATIOS as readonly string[]).includes(aspect)) {
    return err(
      reject("UNSUPPORTED_ASPECT", `Unknown aspect ratio "${aspect}". Use one of ${ASPECT_RATIOS.join(", ")}.`),
    );
  }
  if (!supportsAspect(model, aspect)) {
    return err(
      reject(
        "UNSUPPORTED_ASPECT",
        `${model.displayName} does not support ${aspect}. It supports ${model.aspectRatios.join(", ")}.`,
      ),
    );
  }

  const count = req.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 4) {
    return err(reject("TOO_MANY_IMAGES", "Ask for 1 to 4 images."));
  }
  if (count > model.maxImages) {
    return err(reject("TOO_MANY_IMAGES", `${model.displayName} makes at most ${model.maxImages} image(s) per request.`));
  }

  const seed = req.seed ?? ctx.randomSeed();
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    return err(reject("INVALID_REQUEST", `The seed must be a whole number from 0 to ${MAX_SEED}.`));
  }

  return ok({
    prompt: prompt.value,
    negativePrompt,
    model,
    aspectRatio: aspect,
    count,
    seed,
    private: req.private ?? false,
    strength,
    price: count * (ctx.inputImage && acceptsImageInput(model) ? model.imageInput.creditsPerImage : model.creditsPerImage),
  });
}
