import { z } from "zod";
import { DESCRIBE_SUGGESTIONS, SUGGESTION_MAX } from "../../domain/describe-suggestions.ts";
import { isRecord } from "../shared/is-record.ts";
import { chatErrorBody } from "../openrouter/openrouter-schema.ts";

/** The JSON object a vision model must answer with (asked for with a strict JSON schema). */
export const suggestionAnswer = z.object({ suggestions: z.array(z.string()).min(1).max(10) }).strict();

/**
 * `response_format` for OpenAI's and OpenRouter's chat completions ("Structured Outputs"):
 * strict mode needs every property required and `additionalProperties: false`.
 */
export const SUGGESTION_RESPONSE_FORMAT = {
  type: "json_schema",
  json_schema: {
    name: "prompt_suggestions",
    strict: true,
    schema: {
      type: "object",
      properties: { suggestions: { type: "array", items: { type: "string" } } },
      required: ["suggestions"],
      additionalProperties: false,
    },
  },
} as const;

/** The instruction sent with the image. */
export function describeInstruction(count: number = DESCRIBE_SUGGESTIONS): string {
  return [
    `Look at this image and write ${count} different prompts that an image generation model could use to make a picture like it.`,
    `Each prompt is one line of at most ${Math.floor(SUGGESTION_MAX * 0.75)} characters: the subject, setting, style, lighting and composition.`,
    "Do not name real people. Answer only with JSON of the form {\"suggestions\": [\"...\"]}.",
  ].join(" ");
}

/** Chat completion as both OpenAI and OpenRouter return it, the parts /describe reads; errors may come inside a 200 (OpenRouter). */
const completion = z.object({
  choices: z
    .array(
      z.object({
        finish_reason: z.string().nullish(),
        native_finish_reason: z.string().nullish(),
        message: z.object({
          content: z.string().nullish(),
          /** OpenAI Structured Outputs: the model declined, with its reason instead of content. */
          refusal: z.string().nullish(),
        }),
      }),
    )
    .min(1),
  usage: z.object({ cost: z.number().nonnegative().nullish() }).passthrough().nullish(),
});

export const chatTextResponse = z.union([chatErrorBody, completion]);
export type ChatTextCompletion = z.infer<typeof completion>;

/**
 * The suggestions in a model's text, or null when it is not the JSON asked for. Models that
 * ignore response_format sometimes wrap JSON in a ```json fence: that one wrapper is accepted,
 * prose around it is not.
 */
export function parseSuggestionText(content: string): string[] | null {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  let json: unknown;
  try {
    json = JSON.parse(fenced ? fenced[1]! : content);
  } catch {
    return null;
  }
  if (!isRecord(json)) return null;
  const parsed = suggestionAnswer.safeParse(json);
  return parsed.success ? parsed.data.suggestions : null;
}
