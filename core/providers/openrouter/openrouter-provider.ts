import { modalitiesOf } from "../../domain/models.ts";
import { joinAvoid, NSFW_AVOID_TEXT } from "../../domain/nsfw-policy.ts";
import { type GeneratedImage, type GenerateInput, type ImageProvider, ProviderError } from "../../ports/image-provider.ts";
import { decodeBase64Image } from "../shared/image-bytes.ts";
import { mapHttpError } from "../shared/map-http-error.ts";
import { postJson } from "../shared/post-json.ts";
import { PROVIDER_DEFAULTS } from "../shared/provider-defaults.ts";
import { jsonAnswerCap } from "../shared/read-capped-body.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { createSafeImageFetch, type ImageFetch } from "../shared/safe-image-fetch.ts";
import { USER_MESSAGES } from "../shared/user-messages.ts";
import { isOpenRouterContentPolicy, isRefusalFinish, type OpenRouterCompletion, openRouterResponse } from "./openrouter-schema.ts";

export interface OpenRouterProviderOptions {
  apiKey: string;
  /** e.g. https://openrouter.ai/api/v1 (OPENROUTER_BASE_URL). */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Sent as HTTP-Referer, OpenRouter's app attribution; omitted when not set. */
  appUrl?: string;
  /** Sent as X-Title, the app name OpenRouter shows. */
  appName?: string;
  /** Downloads images a model returns as https links; tests pass one with an allow-list. */
  imageFetch?: ImageFetch;
  maxImageBytes?: number;
  log?: ProviderLog;
  now?: () => number;
}

interface CallResult {
  images: GeneratedImage[];
  costUsd: number | null;
}

/**
 * OpenRouter image models through chat completions with the catalog entry's `modalities`:
 * `["image", "text"]` for models that answer with both, `["image"]` for image-only ones (Flux).
 *
 * Chat completions have no "n" for images, so `count` images are `count` calls made in
 * parallel (each with its own seed, so models that honour seeds do not return copies). Some
 * calls may fail while others succeed: the images we got are returned and the engine refunds
 * the rest; only when every call fails is the first failure thrown.
 *
 * With an input image the user message's content is an array of parts, the prompt as a text
 * part and the image as an `image_url` part holding a base64 data URL (OpenRouter's documented
 * way to send an image to a model that takes images in).
 */
export function createOpenRouterProvider(options: OpenRouterProviderOptions): ImageProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? PROVIDER_DEFAULTS.timeoutMs;
  const maxImageBytes = options.maxImageBytes ?? PROVIDER_DEFAULTS.maxImageBytes;
  const imageFetch = options.imageFetch ?? createSafeImageFetch({ maxBytes: maxImageBytes });
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    "x-title": options.appName ?? "Pixorly",
    ...(options.appUrl ? { "http-referer": options.appUrl } : {}),
  };
  const errorContext = { isContentPolicy: isOpenRouterContentPolicy, credentialHint: "OPENROUTER_API_KEY", log: options.log };

  async function call(input: GenerateInput, index: number): Promise<CallResult> {
    const data = await postJson({
      provider: "openrouter",
      url: `${baseUrl}/chat/completions`,
      headers,
      body: {
        model: input.model.providerModel ?? input.model.id,
        messages: [{ role: "user", content: userContent(input) }],
        modalities: modalitiesOf(input.model),
        image_config: { aspect_ratio: input.aspectRatio },
        seed: input.seed + index,
        stream: false,
      },
      schema: openRouterResponse,
      signal: input.signal,
      timeoutMs,
      // One image per call (chat completions have no "n").
      maxBytes: jsonAnswerCap(maxImageBytes, 1),
      fetch: fetchImpl,
      now,
      ...errorContext,
    });
    if ("error" in data) {
      const code = Number(data.error.code);
      // Mid-generation errors come inside a 200; their code is the HTTP status they stand for.
      const status = Number.isInteger(code) && code >= 400 ? code : 502;
      throw mapHttpError({ provider: "openrouter", status, body: data, text: data.error.message, retryAfter: null, now: now() }, errorContext);
    }
    return { images: await imagesOf(data, input), costUsd: data.usage?.cost ?? null };
  }

  async function imagesOf(data: OpenRouterCompletion, input: GenerateInput): Promise<GeneratedImage[]> {
    const choice = data.choices[0]!;
    const urls = (choice.message.images ?? []).map((image) => image.image_url.url);
    if (urls.length === 0) {
      if (isRefusalFinish(choice)) {
        throw new ProviderError("CONTENT_POLICY", `openrouter model refused (${choice.native_finish_reason ?? choice.finish_reason})`, {
          retryable: false,
          userMessage: USER_MESSAGES.CONTENT_POLICY,
        });
      }
      throw new ProviderError("PROVIDER_BAD_RESPONSE", `openrouter model answered without an image (finish: ${choice.finish_reason})`, {
        retryable: true,
        userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE,
      });
    }
    // Downloads get their own time limit of the same length as the call that linked them.
    const signal = AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]);
    return Promise.all(
      urls.map((url) => (url.startsWith("data:") ? decodeBase64Image(url, maxImageBytes, "openrouter data URL") : imageFetch(url, signal))),
    );
  }

  return {
    id: "openrouter",
    async generate(input) {
      const settled = await Promise.allSettled(Array.from({ length: input.count }, (_, index) => call(input, index)));
      const succeeded = settled.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
      if (succeeded.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
      const costs = succeeded.map((result) => result.costUsd).filter((cost): cost is number => cost !== null);
      return {
        images: succeeded.flatMap((result) => result.images).slice(0, input.count),
        costUsd: costs.length > 0 ? costs.reduce((sum, cost) => sum + cost, 0) : null,
      };
    },
  };
}

/**
 * Chat models have no negative prompt, so it is folded into the instruction, and so is the
 * NSFW "block" policy (OpenRouter's request has no moderation level to ask for).
 */
function promptText(input: GenerateInput): string {
  const avoid = joinAvoid(input.negativePrompt, input.nsfw === "block" ? NSFW_AVOID_TEXT : null);
  return avoid ? `Generate an image: ${input.prompt}\n\nAvoid: ${avoid}` : `Generate an image: ${input.prompt}`;
}

/** A plain string for a prompt alone; text + image parts when the job starts from an image. */
function userContent(input: GenerateInput): string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[] {
  if (!input.inputImage) return promptText(input);
  const text = promptText(input).replace(/^Generate an image:/, "Starting from the attached image, generate an image:");
  const dataUrl = `data:${input.inputImage.contentType};base64,${Buffer.from(input.inputImage.bytes).toString("base64")}`;
  return [
    { type: "text", text },
    { type: "image_url", image_url: { url: dataUrl } },
  ];
}
