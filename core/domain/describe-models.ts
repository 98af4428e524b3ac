import { z } from "zod";
import type { ProviderId } from "./models.ts";

/**
 * Providers that can read an image and answer with text, in the order the default is chosen
 * (real providers first). SD web UI has no vision endpoint we rely on (its interrogator needs
 * an extension), so /describe is not offered through it.
 */
export const DESCRIBE_PROVIDER_IDS = ["openrouter", "openai", "local"] as const satisfies readonly ProviderId[];
export type DescribeProviderId = (typeof DESCRIBE_PROVIDER_IDS)[number];

/**
 * A vision model /describe can use, priced in credits per description like any model. In
 * MODELS_FILE an entry with `"kind": "describe"` is one of these (the other entries are image
 * models); an entry with a built-in id replaces it.
 */
export const describeModelSchema = z.object({
  kind: z.literal("describe"),
  id: z.string().min(1),
  provider: z.enum(DESCRIBE_PROVIDER_IDS, { error: `must be one of ${DESCRIBE_PROVIDER_IDS.join(", ")} (SD web UI cannot describe images)` }),
  /** The id the provider's API expects, when it differs from ours. */
  providerModel: z.string().min(1).optional(),
  displayName: z.string().min(1),
  /** Credits one /describe costs (one call, all suggestions). */
  credits: z.number().int().min(1),
});
export type DescribeModel = z.infer<typeof describeModelSchema>;

/**
 * Built-in vision models, one per provider that can describe. Cheap, fast vision models: a
 * description is a few hundred tokens out, so it costs like the cheapest image.
 */
export const DEFAULT_DESCRIBE_MODELS: readonly DescribeModel[] = [
  { kind: "describe", id: "local-describe", provider: "local", displayName: "Local colour reader (not an AI model)", credits: 1 },
  { kind: "describe", id: "google/gemini-2.5-flash", provider: "openrouter", displayName: "Gemini 2.5 Flash (OpenRouter)", credits: 1 },
  { kind: "describe", id: "gpt-4.1-mini", provider: "openai", displayName: "GPT-4.1 mini (OpenAI)", credits: 1 },
];

/** The describe models of the configured providers (built-ins merged with MODELS_FILE), in catalog order. */
export function describeModelsFor(enabled: readonly ProviderId[], overrides: readonly DescribeModel[] = []): DescribeModel[] {
  const merged = new Map(DEFAULT_DESCRIBE_MODELS.map((m) => [m.id, m]));
  for (const m of overrides) merged.set(m.id, m);
  return [...merged.values()].filter((m) => enabled.includes(m.provider));
}

/** The default describe model: the first configured real provider's, else the local one. */
export function defaultDescribeModel(models: readonly DescribeModel[]): DescribeModel | null {
  return DESCRIBE_PROVIDER_IDS.map((p) => models.find((m) => m.provider === p)).find((m) => m !== undefined) ?? null;
}
