import { cleanSuggestions } from "../../domain/describe-suggestions.ts";
import type { DescribeProviderId } from "../../domain/describe-models.ts";
import type { DescribeInput, DescribeOutput } from "../../ports/image-describer.ts";
import { ProviderError } from "../../ports/image-provider.ts";
import { mapHttpError } from "../shared/map-http-error.ts";
import { postJson } from "../shared/post-json.ts";
import { PROVIDER_DEFAULTS } from "../shared/provider-defaults.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { chatTextResponse, describeInstruction, parseSuggestionText, SUGGESTION_RESPONSE_FORMAT } from "./suggestion-answer.ts";

export interface ChatDescriberRequest {
  provider: Exclude<DescribeProviderId, "local">;
  /** The chat completions endpoint, e.g. https://openrouter.ai/api/v1/chat/completions. */
  url: string;
  /** Authorization and attribution headers; never logged. */
  headers: Record<string, string>;
  /** Defaults: PROVIDER_DEFAULTS.timeoutMs, global fetch, Date.now. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  credentialHint: string;
  isContentPolicy?: (status: number, body: unknown) => boolean;
  log?: ProviderLog;
}

/** A describe answer is a few hundred tokens of JSON; anything past this is not one. */
const DESCRIBE_ANSWER_BYTES = 256 * 1024;

/**
 * One chat completion with the image as a `data:` URL content part (text first, then the image,
 * as OpenRouter's image-input guide recommends) and a strict JSON schema for the answer. Shared
 * by OpenAI and OpenRouter, whose chat completions take the same request for this. Every way the
 * answer can be unusable (error inside a 200, refusal, prose instead of JSON, no suggestion left
 * after cleaning) is a ProviderError, so nothing is charged and nobody sees it.
 */
export async function describeWithChat(request: ChatDescriberRequest, input: DescribeInput): Promise<DescribeOutput> {
  const { provider } = request;
  const now = request.now ?? Date.now;
  const errorContext = { isContentPolicy: request.isContentPolicy, credentialHint: request.credentialHint, log: request.log };
  const dataUrl = `data:${input.image.contentType};base64,${Buffer.from(input.image.bytes).toString("base64")}`;
  const data = await postJson({
    provider,
    url: request.url,
    headers: request.headers,
    body: {
      model: input.model.providerModel ?? input.model.id,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: describeInstruction(input.count) },
            { type: "image_url", image_url: { url: dataUrl } },
          ],
        },
      ],
      response_format: SUGGESTION_RESPONSE_FORMAT,
      stream: false,
    },
    schema: chatTextResponse,
    signal: input.signal,
    timeoutMs: request.timeoutMs ?? PROVIDER_DEFAULTS.timeoutMs,
    maxBytes: DESCRIBE_ANSWER_BYTES,
    fetch: request.fetch ?? fetch,
    now,
    ...errorContext,
  });
  if ("error" in data) {
    const code = Number(data.error.code);
    const status = Number.isInteger(code) && code >= 400 ? code : 502;
    throw mapHttpError({ provider, status, body: data, text: data.error.message, retryAfter: null, now: now() }, errorContext);
  }
  const choice = data.choices[0]!;
  if (choice.message.refusal || /content_filter|safety|prohibited/i.test(`${choice.finish_reason ?? ""} ${choice.native_finish_reason ?? ""}`)) {
    throw new ProviderError("CONTENT_POLICY", `${provider} vision model refused to describe the image`, {
      retryable: false,
      userMessage: "The vision model refused to describe this image because of its content rules.",
    });
  }
  const raw = choice.message.content ? parseSuggestionText(choice.message.content) : null;
  const suggestions = raw ? cleanSuggestions(raw, input.count) : [];
  if (suggestions.length === 0) {
    throw new ProviderError(
      "PROVIDER_BAD_RESPONSE",
      `${provider} vision model did not answer with the JSON suggestions asked for (finish: ${choice.finish_reason ?? "none"}, ${choice.message.content?.length ?? 0} characters)`,
      { retryable: true, userMessage: "The vision model sent back something that was not a usable list of prompts." },
    );
  }
  const cost = data.usage?.cost;
  return { suggestions, costUsd: typeof cost === "number" ? cost : null };
}
