import { z } from "zod";
import { generationRequestSchema } from "../../core/domain/generation-request.ts";
import { INPUT_IMAGE_LIMIT_TEXT } from "../../core/domain/input-image.ts";
import { JOB_STATUSES } from "../../core/domain/job.ts";

/**
 * The REST API's request and response shapes. Requests are validated with these; the OpenAPI
 * document is generated from them; the API tests parse live responses with them.
 */

/** The named schemas: components in the OpenAPI document, referenced wherever they are used. */
export const apiSchemas = z.registry<{ id: string }>();

const IMAGE_ID = /^img_[0-9A-Z]{26}$/;
const time = z.iso.datetime().describe("ISO 8601, UTC");
const count = z.number().int().min(0);

/** POST /generations: /imagine's own fields and validation, plus the webhook. */
export const createGenerationBody = generationRequestSchema
  .extend({
    webhookUrl: z
      .string()
      .max(2048)
      .optional()
      .describe("https URL on a public address; receives one signed POST when the generation completes, fails or is cancelled."),
    inputImageUrl: z
      .string()
      .max(2048)
      .optional()
      .describe(
        `Start from this image: an https URL on a public address, PNG, JPEG or WebP, at most ${INPUT_IMAGE_LIMIT_TEXT}. Only for models that accept an input image (400 IMAGE_INPUT_UNSUPPORTED otherwise); an image that cannot be used answers 422 BAD_INPUT_IMAGE. Both before any charge. The job keeps its own copy.`,
      ),
  })
  .strict()
  .register(apiSchemas, { id: "CreateGeneration" });

export const imagesQuery = z.strictObject({
  cursor: z.string().regex(IMAGE_ID, "must be a nextCursor from a previous page").optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe("Images per page"),
});

export const usageQuery = z.strictObject({
  from: z.iso.date().optional().describe("First UTC day, YYYY-MM-DD; default 29 days before `to`"),
  to: z.iso.date().optional().describe("Last UTC day, YYYY-MM-DD; default today"),
});

export const addImagesBody = z
  .strictObject({ imageIds: z.array(z.string().regex(IMAGE_ID, "must be an image id (img_…)")).min(1).max(50) })
  .register(apiSchemas, { id: "AddImages" });

export const errorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .register(apiSchemas, { id: "Error" });

export const generationAccepted = z
  .object({
    id: z.string(),
    status: z.enum(JOB_STATUSES),
    position: z.number().int().min(1).nullable().describe("Place in the queue; null once the job left it"),
    price: count.describe("Credits charged"),
  })
  .register(apiSchemas, { id: "GenerationAccepted" });

const generationImage = z.object({
  id: z.string(),
  index: count,
  url: z.url(),
  contentType: z.string(),
  width: count,
  height: count,
});

export const generationBody = z
  .object({
    id: z.string(),
    status: z.enum(JOB_STATUSES),
    prompt: z.string(),
    negativePrompt: z.string().nullable(),
    model: z.string(),
    aspectRatio: z.string(),
    count: count,
    seed: count,
    private: z.boolean(),
    price: count.describe("Credits charged"),
    refunded: count.describe("Credits refunded (failed, cancelled, or fewer images than asked)"),
    position: z.number().int().min(1).nullable(),
    createdAt: time,
    startedAt: time.nullable(),
    finishedAt: time.nullable(),
    images: z.array(generationImage),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    webhookUrl: z.string().nullable(),
  })
  .register(apiSchemas, { id: "Generation" });

export const imageBody = z
  .object({
    id: z.string(),
    generationId: z.string(),
    url: z.url(),
    contentType: z.string(),
    width: count,
    height: count,
    bytes: count,
    prompt: z.string(),
    model: z.string(),
    seed: count,
    aspectRatio: z.string(),
    private: z.boolean(),
    createdAt: time,
  })
  .register(apiSchemas, { id: "Image" });

export const imagePage = z
  .object({ images: z.array(imageBody), nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last") })
  .register(apiSchemas, { id: "ImagePage" });

export const collectionBody = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["channel", "personal"]),
    imageCount: count,
    shareUrl: z.url().nullable().describe("Public gallery page; null when sharing is off"),
    createdAt: time,
    updatedAt: time,
  })
  .register(apiSchemas, { id: "Collection" });

export const collectionList = z.object({ collections: z.array(collectionBody) }).register(apiSchemas, { id: "CollectionList" });

export const imagesAdded = z
  .object({ collectionId: z.string(), added: z.array(z.string()), imageCount: count })
  .register(apiSchemas, { id: "ImagesAdded" });

const usageDay = z.object({
  date: z.iso.date(),
  requested: count,
  completed: count,
  failed: count,
  cancelled: count,
  successRate: z.number().min(0).max(1).nullable().describe("completed / (completed + failed); null when nothing finished"),
  images: count,
  creditsCharged: count,
  creditsRefunded: count,
  storageBytes: count.describe("Bytes of images stored that day"),
  apiRequests: count,
  providerCostUsd: z.number().min(0),
  models: z.record(z.string(), count).describe("Images made per model id"),
});

export const usageBody = z
  .object({ from: z.iso.date(), to: z.iso.date(), days: z.array(usageDay).describe("Days with activity, oldest first") })
  .register(apiSchemas, { id: "Usage" });

export const webhookSecretBody = z
  .object({ secret: z.string().describe("HMAC-SHA256 key of this API key's webhook signatures") })
  .register(apiSchemas, { id: "WebhookSecret" });

export const webhookEvent = z
  .object({
    id: z.string().describe("<generation id>.<status>: the same event may arrive twice; deduplicate on it"),
    type: z.enum(["generation.completed", "generation.failed", "generation.cancelled"]),
    createdAt: time,
    generation: generationBody,
  })
  .register(apiSchemas, { id: "WebhookEvent" });
