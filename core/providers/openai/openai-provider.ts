import type { GeneratedImage, ImageProvider } from "../../ports/image-provider.ts";
import { decodeBase64Image } from "../shared/image-bytes.ts";
import { postJson } from "../shared/post-json.ts";
import { PROVIDER_DEFAULTS } from "../shared/provider-defaults.ts";
import { jsonAnswerCap } from "../shared/read-capped-body.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { createSafeImageFetch, type ImageFetch } from "../shared/safe-image-fetch.ts";
import { isOpenAiContentPolicy, openAiImagesResponse } from "./openai-schema.ts";
import { openAiSize } from "./openai-size.ts";

export interface OpenAiProviderOptions {
  apiKey: string;
  /** https://api.openai.com/v1 or any OpenAI-compatible server (OPENAI_BASE_URL). */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** For compatible servers that answer with links instead of base64. */
  imageFetch?: ImageFetch;
  maxImageBytes?: number;
  log?: ProviderLog;
  now?: () => number;
}

/**
 * OpenAI's image API with the GPT image models (DALL-E 2 and 3 are gone from it). One call asks
 * for all `count` images with `n`; no `response_format` is sent because GPT image models reject
 * it and always return base64. The image API has no negative prompt, so it joins the prompt.
 * The workspace's NSFW policy picks the `moderation` level. With an input image the call is
 * `POST /images/edits` as multipart/form-data (the image as a file part `image[]`, the other
 * fields as text parts), answered in the same shape.
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): ImageProvider {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? PROVIDER_DEFAULTS.timeoutMs;
  const maxImageBytes = options.maxImageBytes ?? PROVIDER_DEFAULTS.maxImageBytes;
  const imageFetch = options.imageFetch ?? createSafeImageFetch({ maxBytes: maxImageBytes });

  return {
    id: "openai",
    async generate(input) {
      const avoid = input.negativePrompt?.trim();
      const fields = {
        model: input.model.providerModel ?? input.model.id,
        prompt: avoid ? `${input.prompt}\n\nAvoid: ${avoid}` : input.prompt,
        n: input.count,
        size: openAiSize(input.aspectRatio),
        // The images API's moderation level: "auto" is OpenAI's standard filtering, "low" the
        // less restrictive one, which only a workspace that allows NSFW asks for.
        moderation: input.nsfw === "allow" ? "low" : "auto",
      };
      const data = await postJson({
        provider: "openai",
        url: `${baseUrl}/images/${input.inputImage ? "edits" : "generations"}`,
        headers: { authorization: `Bearer ${options.apiKey}` },
        body: input.inputImage ? editForm(fields, input.inputImage) : fields,
        schema: openAiImagesResponse,
        signal: input.signal,
        timeoutMs,
        maxBytes: jsonAnswerCap(maxImageBytes, input.count),
        fetch: options.fetch ?? fetch,
        now: options.now ?? Date.now,
        isContentPolicy: isOpenAiContentPolicy,
        credentialHint: "OPENAI_API_KEY",
        log: options.log,
      });
      const downloadSignal = AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)]);
      const images: GeneratedImage[] = await Promise.all(
        data.data
          .slice(0, input.count)
          .map((item) =>
            item.b64_json !== undefined ? decodeBase64Image(item.b64_json, maxImageBytes, "openai b64_json") : imageFetch(item.url!, downloadSignal),
          ),
      );
      return { images, costUsd: null };
    },
  };
}

const EXTENSIONS: Record<GeneratedImage["contentType"], string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** The edits endpoint's multipart body: GPT image models take PNG, JPEG or WebP files as `image[]`. */
function editForm(fields: Record<string, string | number>, image: GeneratedImage): FormData {
  const form = new FormData();
  form.append("image[]", new Blob([image.bytes], { type: image.contentType }), `input.${EXTENSIONS[image.contentType]}`);
  for (const [name, value] of Object.entries(fields)) form.append(name, String(value));
  return form;
}
