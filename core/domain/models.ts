import { z } from "zod";
import { ASPECT_RATIOS, type AspectRatio } from "./aspect-ratios.ts";
import { defaultDescribeModel, describeModelsFor, type DescribeModel } from "./describe-models.ts";

/**
 * The seed's credit cost classes. Today's models map onto them: the models that replaced
 * DALL-E 3 / DALL-E 2 in OpenAI's API keep those prices, diffusion models cost like Stable
 * Diffusion, everything else costs one credit per image.
 */
export const COST_CLASSES = {
  DALLE3_CLASS: 5,
  STABLE_DIFFUSION: 3,
  DALLE2_CLASS: 2,
  OTHER: 1,
} as const;

export const PROVIDER_IDS = ["local", "openrouter", "openai", "sd-webui"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const OUTPUT_MODALITIES = ["image", "text"] as const;
export type OutputModality = (typeof OUTPUT_MODALITIES)[number];

/**
 * What OpenRouter is asked for when a model's entry names none: models that answer with images
 * and text (Gemini, GPT-5 Image). OpenRouter's image-generation guide: image-only models (Flux)
 * take `["image"]` instead and fail the request otherwise.
 */
export const DEFAULT_MODALITIES: readonly OutputModality[] = ["image", "text"];

export const modelSchema = z
  .object({
    id: z.string().min(1),
    provider: z.enum(PROVIDER_IDS),
    /** The id the provider's API expects, when it differs from ours. */
    providerModel: z.string().min(1).optional(),
    displayName: z.string().min(1),
    aspectRatios: z.array(z.enum(ASPECT_RATIOS)).min(1),
    maxImages: z.number().int().min(1).max(4),
    creditsPerImage: z.number().int().min(1),
    /**
     * OpenRouter only: the `modalities` its chat completion is sent, `["image"]` for image-only
     * models (e.g. `black-forest-labs/flux.2-pro`); default DEFAULT_MODALITIES.
     */
    modalities: z
      .array(z.enum(OUTPUT_MODALITIES))
      .min(1)
      .refine((list) => list.includes("image"), 'must include "image"')
      .refine((list) => new Set(list).size === list.length, "must not repeat a modality")
      .optional(),
    /**
     * False for a model that cannot keep NSFW content out (an uncensored checkpoint, a provider
     * without moderation): it is refused while a workspace blocks NSFW. Default true: OpenAI and
     * OpenRouter's image models are moderated by their makers and we ask for the strict level
     * where an API has one; SD web UI gets an NSFW negative prompt.
     */
    canBlockNsfw: z.boolean().optional(),
    /**
     * Present when the model can start from an input image (issue #19), with what such a job
     * costs per output image. Absent: a job with an input image is refused before any charge.
     */
    imageInput: z.object({ creditsPerImage: z.number().int().min(1) }).strict().optional(),
  })
  .refine((model) => model.modalities === undefined || model.provider === "openrouter", {
    message: "modalities applies to OpenRouter models only",
    path: ["modalities"],
  });
export type Model = z.infer<typeof modelSchema>;

/** The modalities an OpenRouter request for `model` asks for. */
export function modalitiesOf(model: Model): readonly OutputModality[] {
  return model.modalities ?? DEFAULT_MODALITIES;
}

/** Whether the model can start from an input image (img2img, image edits, image content parts). */
export function acceptsImageInput(model: Model): model is Model & { imageInput: { creditsPerImage: number } } {
  return model.imageInput !== undefined;
}

/** Whether the model may run for a workspace whose NSFW policy is "block". */
export function canBlockNsfw(model: Model): boolean {
  return model.canBlockNsfw !== false;
}

const ALL_ASPECTS = [...ASPECT_RATIOS];

export const DEFAULT_MODELS: readonly Model[] = [
  {
    id: "local",
    provider: "local",
    displayName: "Local placeholder (not an AI model)",
    aspectRatios: ALL_ASPECTS,
    maxImages: 4,
    creditsPerImage: COST_CLASSES.OTHER,
    // Draws the input image into its placeholder, so the image flow works offline.
    imageInput: { creditsPerImage: COST_CLASSES.OTHER },
  },
  {
    id: "google/gemini-2.5-flash-image",
    provider: "openrouter",
    displayName: "Gemini 2.5 Flash Image",
    aspectRatios: ALL_ASPECTS,
    maxImages: 4,
    creditsPerImage: COST_CLASSES.DALLE2_CLASS,
    // OpenRouter: Gemini image models take image content parts in the user message and edit them.
    imageInput: { creditsPerImage: COST_CLASSES.DALLE2_CLASS },
  },
  {
    id: "openai/gpt-5-image",
    provider: "openrouter",
    displayName: "GPT-5 Image (OpenRouter)",
    aspectRatios: ["1:1", "3:2", "2:3"],
    maxImages: 4,
    creditsPerImage: COST_CLASSES.DALLE3_CLASS,
    // OpenRouter lists text and image among this model's input modalities.
    imageInput: { creditsPerImage: COST_CLASSES.DALLE3_CLASS },
  },
  {
    id: "gpt-image-1",
    provider: "openai",
    displayName: "GPT Image 1 (replaces DALL-E 3)",
    aspectRatios: ["1:1", "3:2", "2:3"],
    maxImages: 4,
    creditsPerImage: COST_CLASSES.DALLE3_CLASS,
    // POST /v1/images/edits. OpenAI bills the input image as input tokens on top of the output,
    // so an edit costs one credit more than a generation.
    imageInput: { creditsPerImage: COST_CLASSES.DALLE3_CLASS + 1 },
  },
  {
    id: "gpt-image-1-mini",
    provider: "openai",
    displayName: "GPT Image 1 Mini (replaces DALL-E 2)",
    aspectRatios: ["1:1", "3:2", "2:3"],
    maxImages: 4,
    creditsPerImage: COST_CLASSES.DALLE2_CLASS,
    imageInput: { creditsPerImage: COST_CLASSES.DALLE2_CLASS + 1 },
  },
  {
    id: "stable-diffusion",
    provider: "sd-webui",
    displayName: "Stable Diffusion (self-hosted)",
    aspectRatios: ALL_ASPECTS,
    maxImages: 4,
    creditsPerImage: COST_CLASSES.STABLE_DIFFUSION,
    // POST /sdapi/v1/img2img (init_images + denoising_strength): same GPU time as txt2img.
    imageInput: { creditsPerImage: COST_CLASSES.STABLE_DIFFUSION },
  },
];

/** The models offered to users: those whose provider is configured, in catalog order. */
export class ModelCatalog {
  private readonly byId: Map<string, Model>;

  readonly models: readonly Model[];
  readonly defaultModelId: string;
  /** Vision models /describe may use (core/domain/describe-models.ts); empty: /describe is off. */
  readonly describeModels: readonly DescribeModel[];

  constructor(
    models: readonly Model[],
    defaultModelId: string,
    describeModels: readonly DescribeModel[] = [],
  ) {
    this.models = models;
    this.defaultModelId = defaultModelId;
    this.describeModels = describeModels;
    this.byId = new Map(models.map((m) => [m.id, m]));
    if (!this.byId.has(defaultModelId)) {
      throw new Error(`default model "${defaultModelId}" is not in the catalog`);
    }
  }

  /** A describe model by id; without an id, the default one (null when none is configured). */
  describeModel(id?: string): DescribeModel | null {
    if (id === undefined) return defaultDescribeModel(this.describeModels);
    return this.describeModels.find((m) => m.id === id) ?? null;
  }

  get(id: string): Model | undefined {
    return this.byId.get(id);
  }

  get defaultModel(): Model {
    return this.byId.get(this.defaultModelId)!;
  }

  /**
   * Build the catalog for the providers that are configured. `overrides` (from MODELS_FILE)
   * replace built-in entries with the same id and add new ones.
   */
  static forProviders(enabled: readonly ProviderId[], overrides: readonly Model[] = [], describeOverrides: readonly DescribeModel[] = []): ModelCatalog {
    const merged = new Map(DEFAULT_MODELS.map((m) => [m.id, m]));
    for (const m of overrides) merged.set(m.id, m);
    const order = PROVIDER_IDS.filter((p) => enabled.includes(p));
    const models = [...merged.values()].filter((m) => enabled.includes(m.provider));
    // The default is the first configured real provider's first model (OpenRouter, OpenAI, SD web UI).
    const preferred = [...order.filter((p) => p !== "local"), "local"];
    const first = preferred.map((p) => models.find((m) => m.provider === p)).find(Boolean);
    if (!first) throw new Error("no models available for the configured providers");
    return new ModelCatalog(models, first.id, describeModelsFor(enabled, describeOverrides));
  }
}

export function supportsAspect(model: Model, aspect: AspectRatio): boolean {
  return model.aspectRatios.includes(aspect);
}
