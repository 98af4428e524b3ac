import { createCanvas, loadImage } from "@napi-rs/canvas";
import { cleanSuggestions } from "../../domain/describe-suggestions.ts";
import type { DescribeOutput, ImageDescriber } from "../../ports/image-describer.ts";
import type { GeneratedImage } from "../../ports/image-provider.ts";
import { ProviderError } from "../../ports/image-provider.ts";

/** The image is read at this size: colours, not detail, are all the local reader uses. */
const SAMPLE = 24;

/**
 * The offline describer: it cannot see what is in an image, so it says only what it can
 * measure (shape, brightness, the main colours) and every suggestion says it comes from a
 * colour reading, so nobody takes it for an AI description. It lets /describe -> /imagine run
 * end to end with no account and no network.
 */
export function createLocalDescriber(): ImageDescriber {
  return {
    id: "local",
    async describe(input): Promise<DescribeOutput> {
      let reading: ColourReading;
      try {
        reading = await readColours(input.image);
      } catch (error) {
        throw new ProviderError("PROVIDER_BAD_REQUEST", "local describer could not decode the image", {
          retryable: false,
          userMessage: "Pixorly could not read that image's pixels.",
          cause: error,
        });
      }
      const { shape, light, main, second, mood } = reading;
      const pair = second ? `${main} and ${second}` : main;
      const suggestions = cleanSuggestions(
        [
          `${cap(light)} ${shape} abstract composition in ${pair} tones, ${mood} (local colour reading, not an AI description)`,
          `${cap(mood)} ${shape} scene where ${main} dominates, ${light} light, painterly style (local colour reading)`,
          `Minimal ${shape} poster, flat ${pair} shapes on a ${light} background (local colour reading)`,
          `${cap(shape)} landscape at ${light === "dark" ? "night" : "midday"} in shades of ${pair}, soft focus, wide angle (local colour reading)`,
        ],
        input.count,
      );
      return { suggestions, costUsd: null };
    },
  };
}

interface ColourReading {
  shape: "square" | "wide" | "tall";
  light: "dark" | "dim" | "bright";
  main: string;
  second: string | null;
  mood: "muted" | "vivid";
}

async function readColours(image: GeneratedImage): Promise<ColourReading> {
  const picture = await loadImage(Buffer.from(image.bytes));
  const canvas = createCanvas(SAMPLE, SAMPLE);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(picture, 0, 0, SAMPLE, SAMPLE);
  const pixels = ctx.getImageData(0, 0, SAMPLE, SAMPLE).data;
  const counts = new Map<string, number>();
  let lightness = 0;
  let saturation = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const [h, s, l] = hsl(pixels[i]!, pixels[i + 1]!, pixels[i + 2]!);
    lightness += l;
    saturation += s;
    const name = colourName(h, s, l);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const n = pixels.length / 4;
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const ratio = image.width / image.height;
  const meanL = lightness / n;
  return {
    shape: ratio > 1.15 ? "wide" : ratio < 0.87 ? "tall" : "square",
    light: meanL < 0.3 ? "dark" : meanL < 0.6 ? "dim" : "bright",
    main: ranked[0]![0],
    // A second colour only when it covers a fair share of the picture.
    second: ranked[1] && ranked[1][1] > n * 0.12 ? ranked[1][0] : null,
    mood: saturation / n > 0.35 ? "vivid" : "muted",
  };
}

function hsl(r: number, g: number, b: number): [number, number, number] {
  const [rn, gn, bn] = [r / 255, g / 255, b / 255];
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === rn ? ((gn - bn) / d + (gn < bn ? 6 : 0)) * 60 : max === gn ? ((bn - rn) / d + 2) * 60 : ((rn - gn) / d + 4) * 60;
  return [h, s, l];
}

const HUES: readonly [number, string][] = [
  [15, "red"],
  [45, "orange"],
  [70, "yellow"],
  [160, "green"],
  [195, "teal"],
  [255, "blue"],
  [290, "purple"],
  [335, "pink"],
  [360, "red"],
];

function colourName(h: number, s: number, l: number): string {
  if (l < 0.12) return "black";
  if (l > 0.92) return "white";
  if (s < 0.15) return "grey";
  return HUES.find(([limit]) => h < limit)?.[1] ?? "red";
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
