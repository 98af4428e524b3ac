import { createCanvas, loadImage, type SKRSContext2D } from "@napi-rs/canvas";
import { placeholderFontFamily } from "../../fonts/placeholder-font.ts";
import { seededRandom } from "./seeded-random.ts";
import { wrapText } from "./wrap-text.ts";

export interface PlaceholderSpec {
  prompt: string;
  seed: number;
  /** Position within the job; images of one job share a palette and differ in composition. */
  index: number;
  width: number;
  height: number;
  /** The job's input image (issue #19): drawn scaled into the picture so the offline flow visibly uses it. */
  input?: Uint8Array;
}

/** Long prompts are cut before wrapping so the measuring work stays bounded. */
const MAX_PROMPT_CHARS = 400;

/**
 * A PNG that is plainly not an AI image: bands of colour and translucent discs derived from the
 * prompt and seed, a banner saying it is a local placeholder, and the prompt and seed below.
 * The same spec always gives the same bytes on the same machine.
 */
export async function renderPlaceholder(spec: PlaceholderSpec): Promise<Uint8Array> {
  const { width, height } = spec;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");

  drawBackground(ctx, spec);
  if (spec.input) await drawInput(ctx, spec.input, width, height);
  drawBanner(ctx, width, bannerHeight(height));
  const family = placeholderFontFamily();
  if (family) drawText(ctx, spec, family);

  // Encoding runs off the main thread; only the drawing above blocks it (a few ms).
  return canvas.encode("png");
}

/** The input, scaled to fit (aspect kept) and centred below the banner, over the background. */
async function drawInput(ctx: SKRSContext2D, bytes: Uint8Array, width: number, height: number): Promise<void> {
  const image = await loadImage(Buffer.from(bytes));
  const top = bannerHeight(height);
  const box = { width: width * 0.9, height: (height - top) * 0.9 };
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  ctx.drawImage(image, Math.round((width - w) / 2), Math.round(top + (height - top - h) / 2), w, h);
}

function bannerHeight(height: number): number {
  return Math.round(Math.max(48, height * 0.14));
}

function drawBackground(ctx: SKRSContext2D, spec: PlaceholderSpec): void {
  const { width, height } = spec;
  // The palette follows prompt+seed only, so a job's images look like siblings.
  const palette = seededRandom("palette", spec.prompt, spec.seed);
  const layout = seededRandom("layout", spec.prompt, spec.seed, spec.index);
  const hue = palette() * 360;
  const spread = 40 + palette() * 120;

  // Flat bands and flat translucent discs rather than smooth gradients: canvas dithers
  // gradients, and dithered noise makes PNGs several times larger and slower to encode.
  const bands = 14;
  const diagonal = Math.hypot(width, height);
  const step = diagonal / bands;
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate(layout() * Math.PI * 2);
  for (let i = 0; i < bands; i++) {
    const t = i / (bands - 1);
    ctx.fillStyle = hsl(hue + spread * t, 55 + 10 * t, 28 + 34 * t);
    // Each band overlaps the next by a pixel so no seam shows between them.
    ctx.fillRect(-diagonal / 2 + i * step, -diagonal / 2, step + 1, diagonal);
  }
  ctx.restore();

  const discs = 6 + Math.floor(layout() * 6);
  for (let i = 0; i < discs; i++) {
    const x = layout() * width;
    const y = layout() * height;
    const r = (0.06 + layout() * 0.28) * Math.min(width, height);
    const discHue = hue + (layout() - 0.5) * spread * 2;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    if (layout() < 0.7) {
      ctx.fillStyle = hsl(discHue, 75, 70, 0.22 + layout() * 0.25);
      ctx.fill();
    } else {
      ctx.strokeStyle = hsl(discHue + 180, 60, 85, 0.5);
      ctx.lineWidth = 2 + layout() * 4;
      ctx.stroke();
    }
  }
}

/**
 * A dark banner edged with yellow-and-black stripes: marks the image as a placeholder even when
 * no font is installed and no text can be drawn.
 */
function drawBanner(ctx: SKRSContext2D, width: number, banner: number): void {
  ctx.fillStyle = "rgba(12, 12, 16, 0.82)";
  ctx.fillRect(0, 0, width, banner);
  const stripe = 8;
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, banner, width, stripe);
  ctx.clip();
  ctx.fillStyle = "#f5c518";
  ctx.fillRect(0, banner, width, stripe);
  ctx.fillStyle = "#111";
  for (let x = -stripe; x < width + stripe; x += stripe * 2) {
    ctx.beginPath();
    ctx.moveTo(x, banner + stripe);
    ctx.lineTo(x + stripe, banner);
    ctx.lineTo(x + stripe * 2, banner);
    ctx.lineTo(x + stripe, banner + stripe);
    ctx.fill();
  }
  ctx.restore();
}

function drawText(ctx: SKRSContext2D, spec: PlaceholderSpec, family: string): void {
  const { width, height } = spec;
  const margin = Math.round(width * 0.04);
  const inner = width - margin * 2;
  const banner = bannerHeight(height);
  ctx.textBaseline = "middle";

  ctx.fillStyle = "#f5c518";
  ctx.font = `bold ${fitSize(ctx, "LOCAL PLACEHOLDER", family, "bold", inner, banner * 0.42)}px ${family}`;
  ctx.fillText("LOCAL PLACEHOLDER", margin, banner * 0.36);
  const subtitle = "Pixorly offline renderer — not an AI image";
  ctx.fillStyle = "#ffffff";
  ctx.font = `${fitSize(ctx, subtitle, family, "", inner, banner * 0.25)}px ${family}`;
  ctx.fillText(subtitle, margin, banner * 0.74);

  const size = Math.max(11, Math.round(Math.min(width, height) * 0.038));
  ctx.font = `${size}px ${family}`;
  const prompt = spec.prompt.slice(0, MAX_PROMPT_CHARS);
  const lines = wrapText(prompt, inner, 4, (s) => ctx.measureText(s).width);
  const lineHeight = Math.round(size * 1.3);
  const panel = lineHeight * (lines.length + 1) + margin * 2;
  ctx.fillStyle = "rgba(12, 12, 16, 0.7)";
  ctx.fillRect(0, height - panel, width, panel);

  ctx.fillStyle = "#ffffff";
  let y = height - panel + margin + lineHeight / 2;
  for (const line of lines) {
    ctx.fillText(line, margin, y);
    y += lineHeight;
  }
  ctx.fillStyle = "#c9c9d1";
  ctx.font = `${Math.max(10, Math.round(size * 0.85))}px ${family}`;
  ctx.fillText(`seed ${spec.seed} · image ${spec.index + 1}`, margin, y);
}

/** The largest font size up to `max` at which `text` fits in `maxWidth`. */
function fitSize(ctx: SKRSContext2D, text: string, family: string, weight: string, maxWidth: number, max: number): number {
  let size = Math.floor(max);
  while (size > 8) {
    ctx.font = `${weight} ${size}px ${family}`.trim();
    if (ctx.measureText(text).width <= maxWidth) break;
    size--;
  }
  return size;
}

function hsl(h: number, s: number, l: number, a = 1): string {
  return `hsla(${((h % 360) + 360) % 360}, ${s}%, ${l}%, ${a})`;
}
