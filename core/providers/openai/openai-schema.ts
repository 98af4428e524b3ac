import { z } from "zod";
import { isRecord } from "../shared/is-record.ts";

/**
 * `POST /images/generations`: GPT image models always answer base64 (`b64_json`); `url` is read
 * only for OpenAI-compatible servers that still link instead. OpenAI reports tokens, not money,
 * so no cost is taken from here.
 */
export const openAiImagesResponse = z.object({
  data: z
    .array(
      z
        .object({ b64_json: z.string().min(1).optional(), url: z.string().min(1).optional() })
        .refine((item) => item.b64_json !== undefined || item.url !== undefined, "each image needs b64_json or url"),
    )
    .min(1),
});

/** `moderation_blocked` is the GPT image models' refusal; `content_policy_violation` the older (and compatible servers') one. */
const REFUSAL_CODES = new Set(["moderation_blocked", "content_policy_violation"]);

export function isOpenAiContentPolicy(_status: number, body: unknown): boolean {
  if (!isRecord(body) || !isRecord(body.error)) return false;
  return typeof body.error.code === "string" && REFUSAL_CODES.has(body.error.code);
}
