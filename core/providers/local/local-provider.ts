import { dimensionsFor } from "../../domain/aspect-ratios.ts";
import { type GeneratedImage, type GenerateInput, type ImageProvider, ProviderError } from "../../ports/image-provider.ts";
import { type PlaceholderSpec, renderPlaceholder } from "./render-placeholder.ts";

export interface LocalProviderOptions {
  /** Replaces the renderer; tests use it to watch rendering and to make it fail. */
  render?: (spec: PlaceholderSpec) => Promise<Uint8Array>;
  /**
   * Returned for every image without rendering: an "instant" provider for benchmarks that
   * measure the rest of the pipeline. Its width and height are reported as given.
   */
  fixedImage?: GeneratedImage;
}

/**
 * Placeholders are drawn at about 512x512 whatever size the model asks for: they only have to
 * show the prompt, so small images keep rendering and storage cheap.
 */
const PLACEHOLDER_BASE = 512;

/**
 * The offline `local` provider: deterministic placeholder PNGs that say plainly they are not AI
 * images, so the whole product runs with no account and no network.
 */
export function createLocalProvider(options: LocalProviderOptions = {}): ImageProvider {
  const render = options.render ?? renderPlaceholder;

  const renderImage = async (spec: PlaceholderSpec): Promise<GeneratedImage> => {
    try {
      return { bytes: await render(spec), contentType: "image/png", width: spec.width, height: spec.height };
    } catch (error) {
      // Rendering is deterministic: what failed once fails again, so no retry.
      throw new ProviderError("PROVIDER_UNAVAILABLE", "local placeholder render failed", { retryable: false, cause: error });
    }
  };

  return {
    id: "local",
    async generate(input: GenerateInput) {
      if (!Number.isInteger(input.count) || input.count < 1 || input.count > input.model.maxImages) {
        throw new ProviderError("PROVIDER_BAD_REQUEST", `count must be 1..${input.model.maxImages}, got ${input.count}`, {
          retryable: false,
        });
      }
      const { width, height } = dimensionsFor(input.aspectRatio, PLACEHOLDER_BASE);
      const images: GeneratedImage[] = [];
      for (let index = 0; index < input.count; index++) {
        throwIfAborted(input.signal);
        images.push(options.fixedImage ?? (await renderImage({ prompt: input.prompt, seed: input.seed, index, width, height, ...(input.inputImage ? { input: input.inputImage.bytes } : {}) })));
      }
      // An abort during the last render still wins: the caller has stopped waiting for us.
      throwIfAborted(input.signal);
      return { images, costUsd: 0 };
    },
  };
}

function throwIfAborted(signal: AbortSignal): void {
  if (!signal.aborted) return;
  throw new ProviderError("PROVIDER_TIMEOUT", "local render aborted", {
    retryable: true,
    userMessage: "Generating the image took too long. Please try again.",
    cause: signal.reason,
  });
}
