import { dimensionsFor } from "../../domain/aspect-ratios.ts";
import { DEFAULT_STRENGTH } from "../../domain/generation-request.ts";
import { joinAvoid, NSFW_NEGATIVE_PROMPT } from "../../domain/nsfw-policy.ts";
import type { ImageProvider } from "../../ports/image-provider.ts";
import { decodeBase64Image } from "../shared/image-bytes.ts";
import { postJson } from "../shared/post-json.ts";
import { PROVIDER_DEFAULTS } from "../shared/provider-defaults.ts";
import { jsonAnswerCap } from "../shared/read-capped-body.ts";
import type { ProviderLog } from "../shared/provider-log.ts";
import { sdWebUiResponse } from "./sd-webui-schema.ts";

export interface SdWebUiProviderOptions {
  /**
   * The web UI started with `--api` (SD_WEBUI_URL), e.g. http://gpu-box:7860. With `--api-auth`,
   * put the credentials in the URL (http://user:password@gpu-box:7860); they are sent as Basic auth.
   */
  baseUrl: string;
  /**
   * Pixel area the image is sized around: 1024 suits SDXL-class checkpoints (what Forge and
   * current A1111 installs run); set 512 for SD 1.5 or 768 for SD 2.x, which draw badly far
   * from the size they were trained at.
   */
  baseSize?: number;
  /** Sampling steps; 25 is a common quality/speed balance for today's samplers. */
  steps?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  maxImageBytes?: number;
  log?: ProviderLog;
  now?: () => number;
}

/**
 * A self-hosted AUTOMATIC1111 or Forge web UI through `POST /sdapi/v1/txt2img`: the one provider
 * with a real negative prompt and seed (a workspace that blocks NSFW adds NSFW_NEGATIVE_PROMPT
 * to it). `count` images are one batch. A model's `providerModel`
 * names the checkpoint to switch to for the call (`override_settings.sd_model_checkpoint`);
 * without it the checkpoint already loaded is used. With an input image the call is
 * `POST /sdapi/v1/img2img` with the same fields plus `init_images` (the image as base64) and
 * `denoising_strength` (the job's strength: how far from the input the result may move).
 */
export function createSdWebUiProvider(options: SdWebUiProviderOptions): ImageProvider {
  const { url: baseUrl, authorization } = splitCredentials(options.baseUrl);
  const baseSize = options.baseSize ?? 1024;
  const steps = options.steps ?? 25;
  const timeoutMs = options.timeoutMs ?? PROVIDER_DEFAULTS.timeoutMs;
  const maxImageBytes = options.maxImageBytes ?? PROVIDER_DEFAULTS.maxImageBytes;

  return {
    id: "sd-webui",
    async generate(input) {
      // Sized from our base rather than input.width/height, which assume a 1024 model.
      const { width, height } = dimensionsFor(input.aspectRatio, baseSize);
      const checkpoint = input.model.providerModel;
      const data = await postJson({
        provider: "sd-webui",
        url: `${baseUrl}/sdapi/v1/${input.inputImage ? "img2img" : "txt2img"}`,
        headers: authorization ? { authorization } : {},
        body: {
          prompt: input.prompt,
          negative_prompt: joinAvoid(input.negativePrompt, input.nsfw === "block" ? NSFW_NEGATIVE_PROMPT : null) ?? "",
          seed: input.seed,
          width,
          height,
          steps,
          batch_size: input.count,
          n_iter: 1,
          ...(checkpoint ? { override_settings: { sd_model_checkpoint: checkpoint } } : {}),
          ...(input.inputImage
            ? {
                init_images: [Buffer.from(input.inputImage.bytes).toString("base64")],
                denoising_strength: input.strength ?? DEFAULT_STRENGTH,
                // 0 = "just resize": the input is scaled to the output size.
                resize_mode: 0,
              }
            : {}),
        },
        schema: sdWebUiResponse,
        signal: input.signal,
        timeoutMs,
        maxBytes: jsonAnswerCap(maxImageBytes, input.count + 1),
        fetch: options.fetch ?? fetch,
        now: options.now ?? Date.now,
        credentialHint: "the user:password in SD_WEBUI_URL (--api-auth)",
        log: options.log,
      });
      // Extensions (ControlNet and friends) may append their own images after the batch.
      const images = data.images.slice(0, input.count).map((image) => decodeBase64Image(image, maxImageBytes, "sd-webui image"));
      return { images, costUsd: null };
    },
  };
}

/** fetch refuses URLs with credentials in them, so they move into an Authorization header. */
function splitCredentials(baseUrl: string): { url: string; authorization: string | null } {
  const url = new URL(baseUrl);
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`
      : null;
  url.username = "";
  url.password = "";
  return { url: url.href.replace(/\/+$/, ""), authorization };
}
