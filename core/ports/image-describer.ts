import type { DescribeModel, DescribeProviderId } from "../domain/describe-models.ts";
import type { GeneratedImage } from "./image-provider.ts";

export interface DescribeInput {
  /** Checked bytes (core/engine/load-input-image.ts): a whole PNG, JPEG or WebP within the cap. */
  image: GeneratedImage;
  model: DescribeModel;
  /** How many prompt suggestions to ask for (the answer may hold fewer after cleaning). */
  count: number;
  /** Aborted on timeout or shutdown; describers pass it to every request they make. */
  signal: AbortSignal;
}

export interface DescribeOutput {
  /**
   * At least one prompt suggestion, each already cleaned (core/providers/describe/clean-suggestions.ts):
   * trimmed, one line, free of control characters, within PROMPT_MAX, no two alike.
   */
  suggestions: string[];
  /** What the provider says the call cost, in US dollars, when it reports it. */
  costUsd: number | null;
}

/**
 * One vision service that turns an image into prompt suggestions for /describe. `describe`
 * resolves with at least one suggestion or throws a ProviderError (an answer that is not the
 * strict JSON asked for is PROVIDER_BAD_RESPONSE: people never see a model's stray text).
 */
export interface ImageDescriber {
  readonly id: DescribeProviderId;
  describe(input: DescribeInput): Promise<DescribeOutput>;
}
