import { loadImage } from "@napi-rs/canvas";
import nock from "nock";
import { describe, expect, it } from "vitest";
import type { GeneratedImage } from "../../../core/ports/image-provider.ts";
import { createLocalProvider } from "../../../core/providers/local/local-provider.ts";
import { createOpenAiProvider } from "../../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../../core/providers/sd-webui/sd-webui-provider.ts";
import { base64, encodedImage, generateInput, modelById, noisyImage } from "./fixtures.ts";
import { mockNetworkEdge } from "../../support/network-edge.ts";

/** Issue #19: each provider's documented way to take an input image, asserted at the network edge. */
const input: GeneratedImage = { bytes: noisyImage("png", 96, 64), contentType: "image/png", width: 96, height: 64 };
const result = encodedImage("png", 1024, 1024);

mockNetworkEdge();

describe("image input in each provider's documented request shape", () => {
  it("OpenAI image edits are POST /images/edits as multipart/form-data with the image as a file part image[]", async () => {
    let form: FormData | null = null;
    let contentType = "";
    const scope = nock("https://openai.test/v1")
      .post("/images/edits")
      .reply(200, async (request: Request) => {
        contentType = request.headers.get("content-type") ?? "";
        form = await request.formData();
        return { created: 1, data: [{ b64_json: base64(result) }, { b64_json: base64(result) }] };
      });

    const output = await createOpenAiProvider({ apiKey: "sk-test", baseUrl: "https://openai.test/v1" }).generate(
      generateInput(modelById("gpt-image-1"), { count: 2, inputImage: input, strength: 0.4 }),
    );

    expect(scope.isDone()).toBe(true);
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    const parts = form!;
    const file = parts.get("image[]") as File;
    expect(file).toBeInstanceOf(Blob);
    expect(file.type).toBe("image/png");
    expect(file.name).toBe("input.png");
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(input.bytes);
    expect({ model: parts.get("model"), prompt: parts.get("prompt"), n: parts.get("n"), size: parts.get("size") }).toEqual({
      model: "gpt-image-1",
      prompt: "a lighthouse at dusk",
      n: "2",
      size: "1024x1024",
    });
    expect(output.images).toHaveLength(2);
  });

  it("OpenAI without an input image still calls /images/generations with JSON", async () => {
    let contentType = "";
    nock("https://openai.test/v1")
      .post("/images/generations")
      .reply(200, (request: Request) => {
        contentType = request.headers.get("content-type") ?? "";
        return { created: 1, data: [{ b64_json: base64(result) }] };
      });
    await createOpenAiProvider({ apiKey: "sk-test", baseUrl: "https://openai.test/v1" }).generate(generateInput(modelById("gpt-image-1")));
    expect(contentType).toBe("application/json");
  });

  it("OpenRouter sends the input as an image_url content part holding a base64 data URL, beside the text part", async () => {
    let body: { messages: { role: string; content: unknown }[] } | null = null;
    nock("https://openrouter.test/api/v1")
      .post("/chat/completions")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as typeof body;
        return {
          id: "gen-1",
          choices: [{ finish_reason: "stop", message: { role: "assistant", content: "", images: [{ type: "image_url", image_url: { url: `data:image/png;base64,${base64(result)}` } }] } }],
        };
      });

    const output = await createOpenRouterProvider({ apiKey: "sk-or", baseUrl: "https://openrouter.test/api/v1" }).generate(
      generateInput(modelById("google/gemini-2.5-flash-image"), { inputImage: input }),
    );

    const content = body!.messages[0]!.content as { type: string; text?: string; image_url?: { url: string } }[];
    expect(body!.messages[0]!.role).toBe("user");
    expect(content.map((part) => part.type)).toEqual(["text", "image_url"]);
    expect(content[0]!.text).toContain("a lighthouse at dusk");
    expect(content[1]!.image_url!.url).toBe(`data:image/png;base64,${base64(input.bytes)}`);
    expect(output.images).toHaveLength(1);
  });

  it("SD web UI img2img gets init_images (base64) and denoising_strength from the job's strength", async () => {
    let body: Record<string, unknown> = {};
    nock("http://gpu-box.test:7860")
      .post("/sdapi/v1/img2img")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as Record<string, unknown>;
        return { images: [base64(result)], parameters: {}, info: "{}" };
      });

    await createSdWebUiProvider({ baseUrl: "http://gpu-box.test:7860" }).generate(
      generateInput(modelById("stable-diffusion"), { inputImage: input, strength: 0.35, seed: 9 }),
    );

    expect(body).toMatchObject({ prompt: "a lighthouse at dusk", seed: 9, init_images: [base64(input.bytes)], denoising_strength: 0.35, batch_size: 1 });
  });

  it("the local renderer draws the input image into its placeholder (the offline flow visibly uses it)", async () => {
    const provider = createLocalProvider();
    const red = await solidPng(255, 0, 0);
    const plain = await provider.generate(generateInput(modelById("local"), { seed: 3 }));
    const withInput = await provider.generate(generateInput(modelById("local"), { seed: 3, inputImage: { bytes: red, contentType: "image/png", width: 64, height: 64 } }));
    expect(withInput.images[0]!.bytes).not.toEqual(plain.images[0]!.bytes);
    // The centre of the picture is the input's colour.
    const image = await loadImage(Buffer.from(withInput.images[0]!.bytes));
    const { createCanvas } = await import("@napi-rs/canvas");
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0);
    const [r, g, b] = ctx.getImageData(Math.floor(image.width / 2), Math.floor(image.height * 0.6), 1, 1).data;
    expect([r, g, b]).toEqual([255, 0, 0]);
  });
});

async function solidPng(r: number, g: number, b: number): Promise<Uint8Array> {
  const { createCanvas } = await import("@napi-rs/canvas");
  const canvas = createCanvas(64, 64);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
  ctx.fillRect(0, 0, 64, 64);
  return canvas.encode("png");
}
