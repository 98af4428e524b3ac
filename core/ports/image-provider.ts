import type { AspectRatio } from "../domain/aspect-ratios.ts";
import { CodedError } from "../domain/errors.ts";
import type { Model, ProviderId } from "../domain/models.ts";
import type { NsfwPolicy } from "../domain/workspace.ts";

export interface GenerateInput {
  prompt: string;
  negativePrompt: string | null;
  model: Model;
  aspectRatio: AspectRatio;
  width: number;
  height: number;
  count: number;
  seed: number;
  /**
   * The workspace's NSFW policy when the job runs. "block": ask the provider for its strict
   * moderation (OpenAI `moderation: "auto"`), tell chat models to keep the image safe for work
   * (OpenRouter), add NSFW_NEGATIVE_PROMPT (SD web UI). "allow": OpenAI's `moderation: "low"`,
   * nothing added elsewhere. Providers never loosen a model's own safety filters beyond that.
   */
  nsfw: NsfwPolicy;
  /**
   * The image the job starts from (issue #19), from the job's own stored copy: checked PNG,
   * JPEG or WebP bytes and their pixel size. Only for models with `imageInput` in the catalog.
   */
  inputImage?: GeneratedImage;
  /**
   * With inputImage: how far from it, 0.05 (close) to 1 (free). SD web UI sends it as
   * denoising_strength; providers without such a knob ignore it (the prompt steers them).
   */
  strength?: number;
  /** Aborted on timeout or shutdown; providers pass it to every request they make. */
  signal: AbortSignal;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  contentType: "image/png" | "image/jpeg" | "image/webp";
  width: number;
  height: number;
}

export interface GenerateOutput {
  /** May hold fewer images than asked for; the engine refunds the missing ones. Never more. */
  images: GeneratedImage[];
  /** What the provider says the call cost, in US dollars, when it reports it. */
  costUsd: number | null;
}

/**
 * One image service. `generate` either resolves with at least one image or throws a
 * ProviderError saying whether trying again could help.
 */
export interface ImageProvider {
  readonly id: ProviderId;
  generate(input: GenerateInput): Promise<GenerateOutput>;
}

export type ProviderErrorCode =
  | "PROVIDER_TIMEOUT"
  | "PROVIDER_NETWORK"
  | "PROVIDER_RATE_LIMITED"
  | "PROVIDER_UNAVAILABLE"
  | "PROVIDER_AUTH"
  | "PROVIDER_OUT_OF_CREDIT"
  | "PROVIDER_BAD_REQUEST"
  | "PROVIDER_BAD_RESPONSE"
  | "CONTENT_POLICY"
  | "PROVIDER_DEGRADED";

/**
 * `retryable: false` is the explicit "do not retry" (workpool's NonRetryableError, BullMQ's
 * UnrecoverableError). `userMessage` is what the person who asked is told.
 */
export class ProviderError extends CodedError {
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
  readonly userMessage: string;

  constructor(
    code: ProviderErrorCode,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | null; userMessage?: string; cause?: unknown },
  ) {
    super(code, message, { cause: options.cause });
    this.name = "ProviderError";
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.userMessage = options.userMessage ?? message;
  }
}
