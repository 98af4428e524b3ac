import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS, type AspectRatio, dimensionsFor } from "../../core/domain/aspect-ratios.ts";
import { DEFAULT_MODELS } from "../../core/domain/models.ts";
import { type GenerateInput, ProviderError } from "../../core/ports/image-provider.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { wrapText } from "../../core/providers/local/wrap-text.ts";

const localModel = DEFAULT_MODELS.find((m) => m.id === "local")!;

function input(overrides: Partial<GenerateInput> = {}): GenerateInput {
  const aspectRatio: AspectRatio = overrides.aspectRatio ?? "1:1";
  return {
    prompt: "a lighthouse at dusk",
    negativePrompt: null,
    model: localModel,
    aspectRatio,
    ...dimensionsFor(aspectRatio),
    count: 1,
    seed: 42,
    nsfw: "block",
    signal: new AbortController().signal,
    ...overrides,
  };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which a valid PNG must put first. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

async function firstImage(overrides: Partial<GenerateInput>) {
  const { images } = await createLocalProvider().generate(input(overrides));
  return images[0]!;
}

describe("local provider", () => {
  it("renders the same bytes for the same prompt, seed, aspect and index", async () => {
    const a = await firstImage({ seed: 7 });
    const b = await firstImage({ seed: 7 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it("renders different bytes for a different seed or prompt", async () => {
    const base = await firstImage({ seed: 7 });
    const otherSeed = await firstImage({ seed: 8 });
    const otherPrompt = await firstImage({ seed: 7, prompt: "a lighthouse at dawn" });
    expect(Buffer.from(base.bytes).equals(Buffer.from(otherSeed.bytes))).toBe(false);
    expect(Buffer.from(base.bytes).equals(Buffer.from(otherPrompt.bytes))).toBe(false);
  });

  it.each(ASPECT_RATIOS)("writes a PNG whose IHDR matches aspect %s and the reported size", async (aspectRatio) => {
    const image = await firstImage({ aspectRatio });
    const expected = dimensionsFor(aspectRatio, 512);
    expect(image.contentType).toBe("image/png");
    expect(pngSize(image.bytes)).toEqual(expected);
    expect({ width: image.width, height: image.height }).toEqual(expected);
  });

  it("returns count images, each different, each reproducible by its index", async () => {
    const provider = createLocalProvider();
    const three = await provider.generate(input({ count: 3 }));
    const four = await provider.generate(input({ count: 4 }));
    expect(three.images).toHaveLength(3);
    expect(four.images).toHaveLength(4);
    const distinct = new Set(four.images.map((i) => Buffer.from(i.bytes).toString("base64")));
    expect(distinct.size).toBe(4);
    three.images.forEach((image, index) => {
      expect(Buffer.from(image.bytes).equals(Buffer.from(four.images[index]!.bytes))).toBe(true);
    });
    expect(four.costUsd).toBe(0);
  });

  it("rejects a count the model does not allow, without retrying", async () => {
    const error = await createLocalProvider()
      .generate(input({ count: localModel.maxImages + 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_BAD_REQUEST", retryable: false });
  });

  it("throws a retryable timeout when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("shutdown"));
    const error = await createLocalProvider()
      .generate(input({ signal: controller.signal }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_TIMEOUT", retryable: true });
  });

  it("stops rendering once the signal is aborted mid-job", async () => {
    const controller = new AbortController();
    let renders = 0;
    const provider = createLocalProvider({
      render: async () => {
        renders++;
        controller.abort();
        return new Uint8Array([1]);
      },
    });
    await expect(provider.generate(input({ count: 4, signal: controller.signal }))).rejects.toMatchObject({
      code: "PROVIDER_TIMEOUT",
    });
    expect(renders).toBe(1);
  });

  it("reports a render failure as a provider error that must not be retried", async () => {
    const cause = new Error("canvas exploded");
    const provider = createLocalProvider({ render: () => Promise.reject(cause) });
    const error = await provider.generate(input()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: "PROVIDER_UNAVAILABLE", retryable: false, cause });
  });

  it("returns the fixed image count times without rendering", async () => {
    const fixedImage = { bytes: new Uint8Array(64 * 1024), contentType: "image/png" as const, width: 512, height: 512 };
    const provider = createLocalProvider({
      fixedImage,
      render: () => Promise.reject(new Error("must not render")),
    });
    const { images } = await provider.generate(input({ count: 2 }));
    expect(images).toEqual([fixedImage, fixedImage]);
  });
});

describe("wrapText", () => {
  // One unit of width per character keeps the expectations readable.
  const measure = (s: string) => [...s].length;

  it("wraps on spaces within the width", () => {
    expect(wrapText("a lighthouse  at\n dusk", 12, 4, measure)).toEqual(["a lighthouse", "at dusk"]);
  });

  it("splits a word longer than a line", () => {
    expect(wrapText("abcdefghij", 4, 4, measure)).toEqual(["abcd", "efgh", "ij"]);
  });

  it("ends with an ellipsis when the text needs more lines", () => {
    const lines = wrapText("one two three four five six", 9, 2, measure);
    expect(lines).toEqual(["one two", "three…"]);
    for (const line of lines) expect(measure(line)).toBeLessThanOrEqual(9);
  });
});
