import type { AspectRatio } from "../../domain/aspect-ratios.ts";

export type OpenAiImageSize = "1024x1024" | "1536x1024" | "1024x1536";

/**
 * gpt-image-1 and gpt-image-1-mini draw only three sizes. Ratios without an exact size take the
 * one with the same orientation (16:9 and 4:3 landscape, 9:16 and 3:4 portrait) rather than
 * "auto", which lets the model pick a square for a landscape prompt. Our catalog offers these
 * models only 1:1, 3:2 and 2:3; the rest matters for MODELS_FILE entries and compatible servers.
 */
export function openAiSize(aspect: AspectRatio): OpenAiImageSize {
  const [w, h] = aspect.split(":").map(Number) as [number, number];
  if (w === h) return "1024x1024";
  return w > h ? "1536x1024" : "1024x1536";
}
