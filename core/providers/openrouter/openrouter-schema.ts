import { z } from "zod";
import { isRecord } from "../shared/is-record.ts";

/**
 * The parts of OpenRouter's chat completion we read (docs: "Image Generation" and "Errors and
 * Debugging"). An error that happens after the model started is reported inside a 200 as
 * `{ error: { code, message, metadata } }`, so both shapes are accepted here.
 */
export const chatErrorBody = z.object({
  error: z.object({
    code: z.union([z.number(), z.string()]).nullish(),
    message: z.string(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const completion = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        native_finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          images: z.array(z.object({ image_url: z.object({ url: z.string().min(1) }) })).nullish(),
        }),
      }),
    )
    .min(1),
  /** Present with usage accounting; `cost` is in credits, which OpenRouter sells at one US dollar each. */
  usage: z.object({ cost: z.number().nonnegative().nullish() }).nullish(),
});

export const openRouterResponse = z.union([chatErrorBody, completion]);
export type OpenRouterResponse = z.infer<typeof openRouterResponse>;
export type OpenRouterCompletion = z.infer<typeof completion>;

/**
 * Finish reasons that mean the model or its upstream refused for safety: OpenAI-style
 * `content_filter`, and Gemini's native SAFETY / PROHIBITED_CONTENT / IMAGE_SAFETY family.
 */
const REFUSAL_REASON = /content_filter|safety|prohibited|blocklist|spii/i;

export function isRefusalFinish(choice: OpenRouterCompletion["choices"][number]): boolean {
  return [choice.finish_reason, choice.native_finish_reason].some((reason) => reason != null && REFUSAL_REASON.test(reason));
}

/** Upstream error codes that OpenRouter passes through in `metadata.raw` for a moderation refusal. */
const UPSTREAM_REFUSAL = /moderation_blocked|content_policy_violation|content_filter|PROHIBITED_CONTENT|IMAGE_SAFETY/;

/**
 * A 403 carrying `reasons` / `flagged_input` is OpenRouter's own moderation ("your input was
 * flagged"); any 4xx whose upstream error code is a moderation code is the model's refusal.
 * A 403 without them is a key or account problem.
 */
export function isOpenRouterContentPolicy(status: number, body: unknown): boolean {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  const metadata = body.error.metadata;
  if (!isRecord(metadata)) return false;
  if (status === 403 && ("reasons" in metadata || "flagged_input" in metadata)) return true;
  return typeof metadata.raw === "string" && UPSTREAM_REFUSAL.test(metadata.raw);
}
