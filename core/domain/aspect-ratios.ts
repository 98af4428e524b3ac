export const ASPECT_RATIOS = ["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"] as const;
export type AspectRatio = (typeof ASPECT_RATIOS)[number];

/**
 * Pixel size for an aspect ratio at roughly `base * base` pixels, both sides multiples of 64
 * (what diffusion models and most image APIs accept).
 */
export function dimensionsFor(aspect: AspectRatio, base = 1024): { width: number; height: number } {
  const [w, h] = aspect.split(":").map(Number) as [number, number];
  const scale = Math.sqrt((base * base) / (w * h));
  const snap = (n: number) => Math.max(64, Math.round(n / 64) * 64);
  return { width: snap(w * scale), height: snap(h * scale) };
}
