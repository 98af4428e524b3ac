import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createCanvas } from "@napi-rs/canvas";
import { type AspectRatio, dimensionsFor } from "../../../core/domain/aspect-ratios.ts";
import { DEFAULT_MODELS, type Model } from "../../../core/domain/models.ts";
import type { GenerateInput } from "../../../core/ports/image-provider.ts";

/** A real encoder's output, so the sniffer is tested against what image services send. */
export function encodedImage(format: "png" | "jpeg" | "webp", width: number, height: number): Uint8Array {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#3a6ea5";
  context.fillRect(0, 0, width, height);
  return new Uint8Array(format === "png" ? canvas.encodeSync("png") : canvas.encodeSync(format, 90));
}

/** Noise, so the encoders emit real entropy-coded data (0xFF bytes, stuffing, many IDAT chunks). */
export function noisyImage(format: "png" | "jpeg" | "webp", width = 96, height = 64, seed = 7): Uint8Array {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(width, height);
  let state = seed;
  for (let i = 0; i < pixels.data.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    pixels.data[i] = i % 4 === 3 ? 255 : (state >> 16) & 0xff;
  }
  context.putImageData(pixels, 0, 0);
  return new Uint8Array(format === "png" ? canvas.encodeSync("png") : canvas.encodeSync(format, 90));
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

export const HTML_ERROR_PAGE = new TextEncoder().encode("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>");

export function modelById(id: string): Model {
  const model = DEFAULT_MODELS.find((m) => m.id === id);
  if (!model) throw new Error(`no model ${id} in the catalog`);
  return model;
}

export function generateInput(model: Model, overrides: Partial<GenerateInput> = {}): GenerateInput {
  const aspectRatio: AspectRatio = overrides.aspectRatio ?? "1:1";
  return {
    prompt: "a lighthouse at dusk",
    negativePrompt: null,
    model,
    aspectRatio,
    ...dimensionsFor(aspectRatio),
    count: 1,
    seed: 42,
    // "allow" adds nothing to a request, so these shapes are the providers' plain ones;
    // test/unit/providers/nsfw-policy.test.ts shows what "block" changes.
    nsfw: "allow",
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A plain HTTP server on 127.0.0.1 with a random port; `host` is what allow-lists name. */
export async function startFakeServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; host: string; origin: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
