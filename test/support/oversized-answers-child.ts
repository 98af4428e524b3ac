/**
 * Child process for the oversized-answers test: calls every outbound path (OpenRouter, OpenAI,
 * SD web UI, an image download) four at a time against a fake server that answers 120 MB each,
 * with the product's default caps, sampling its own RSS. Prints one JSON line.
 */
import { DEFAULT_MODELS } from "../../core/domain/models.ts";
import { dimensionsFor } from "../../core/domain/aspect-ratios.ts";
import type { GenerateInput, ImageProvider } from "../../core/ports/image-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";

const [origin, host] = process.argv.slice(2) as [string, string];
const imageFetch = createSafeImageFetch({ allowHosts: [host], allowHttp: true });
const input = (provider: string, prefix: string): GenerateInput => ({
  prompt: prefix,
  negativePrompt: null,
  nsfw: "allow",
  model: DEFAULT_MODELS.find((m) => m.provider === provider)!,
  aspectRatio: "1:1",
  ...dimensionsFor("1:1"),
  count: 1,
  seed: 1,
  signal: new AbortController().signal,
});

const calls: [ImageProvider, string][] = [
  [createOpenRouterProvider({ apiKey: "k", baseUrl: `${origin}/openrouter` }), "openrouter"],
  [createOpenAiProvider({ apiKey: "k", baseUrl: `${origin}/openai` }), "openai"],
  [createSdWebUiProvider({ baseUrl: `${origin}/sd` }), "sd-webui"],
  [createOpenAiProvider({ apiKey: "k", baseUrl: `${origin}/openai-link`, imageFetch }), "openai"],
];

async function round(prefix: string): Promise<string[]> {
  const settled = await Promise.allSettled(calls.map(([provider, id]) => provider.generate(input(id, prefix))));
  return settled.map((s) => (s.status === "fulfilled" ? "ok" : `${(s.reason as { code?: string }).code}: ${(s.reason as Error).message}`));
}

const gc = (globalThis as { gc?: () => void }).gc;
// Warm up: load every module and open the connection pools with small answers first.
await round("small");
gc?.();
await new Promise((r) => setTimeout(r, 50));
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 2);
const errors = await round(process.env.CONTROL ? "small" : "huge");
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ baseline, peak, growthMb: (peak - baseline) / 2 ** 20, errors })}\n`);
