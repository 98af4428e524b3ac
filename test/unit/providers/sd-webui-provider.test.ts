import nock from "nock";
import { describe, expect, it } from "vitest";
import { createSdWebUiProvider } from "../../../core/providers/sd-webui/sd-webui-provider.ts";
import { base64, encodedImage, generateInput, HTML_ERROR_PAGE, modelById, startFakeServer } from "./fixtures.ts";
import { mockNetworkEdge } from "../../support/network-edge.ts";

const BASE = "http://gpu-box.test:7860";
const stableDiffusion = modelById("stable-diffusion");
const portrait = encodedImage("png", 832, 1216);

/** The txt2img answer of AUTOMATIC1111 and Forge: base64 PNGs plus echoed parameters and an info string. */
function txt2imgResponse(images: string[]) {
  return { images, parameters: { prompt: "a lighthouse at dusk" }, info: JSON.stringify({ seed: 42, all_seeds: [42, 43] }) };
}

mockNetworkEdge();

describe("SD web UI provider", () => {
  it("sends prompt, negative prompt, seed, size and batch, and decodes the images", async () => {
    let body: Record<string, unknown> = {};
    nock(BASE)
      .post("/sdapi/v1/txt2img")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as Record<string, unknown>;
        return txt2imgResponse([base64(portrait), base64(portrait)]);
      });

    const output = await createSdWebUiProvider({ baseUrl: `${BASE}/` }).generate(
      generateInput(stableDiffusion, { aspectRatio: "2:3", count: 2, negativePrompt: "blurry", seed: 1234 }),
    );

    expect(body).toEqual({
      prompt: "a lighthouse at dusk",
      negative_prompt: "blurry",
      seed: 1234,
      width: 832,
      height: 1280,
      steps: 25,
      batch_size: 2,
      n_iter: 1,
    });
    expect(output).toMatchObject({ costUsd: null });
    expect(output.images.map((image) => [image.width, image.height])).toEqual([
      [832, 1216],
      [832, 1216],
    ]);
  });

  it("sizes SD 1.5 images around 512, switches checkpoint by providerModel and drops extension extras", async () => {
    let body: Record<string, unknown> = {};
    nock(BASE)
      .post("/sdapi/v1/txt2img")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as Record<string, unknown>;
        return txt2imgResponse([base64(portrait), base64(encodedImage("png", 64, 64))]);
      });
    const model = { ...stableDiffusion, providerModel: "v1-5-pruned-emaonly.safetensors" };
    const output = await createSdWebUiProvider({ baseUrl: BASE, baseSize: 512, steps: 30 }).generate(generateInput(model, { aspectRatio: "1:1" }));
    expect(body).toMatchObject({ width: 512, height: 512, steps: 30, override_settings: { sd_model_checkpoint: "v1-5-pruned-emaonly.safetensors" } });
    expect(output.images).toHaveLength(1);
  });

  it("sends credentials from the URL as Basic auth, and maps a 401 to PROVIDER_AUTH", async () => {
    let authorization: string | null = null;
    nock(BASE)
      .post("/sdapi/v1/txt2img")
      .reply(401, async (request: Request) => {
        authorization = request.headers.get("authorization");
        return { detail: "Incorrect username or password" };
      });
    const withAuth = createSdWebUiProvider({ baseUrl: "http://alice:s%3Acret@gpu-box.test:7860" });
    await expect(withAuth.generate(generateInput(stableDiffusion))).rejects.toMatchObject({ code: "PROVIDER_AUTH", retryable: false });
    expect(authorization).toBe(`Basic ${Buffer.from("alice:s:cret").toString("base64")}`);
  });

  it.each([
    [422, { detail: [{ loc: ["body", "width"], msg: "value is not a valid integer", type: "type_error.integer" }] }, "PROVIDER_BAD_REQUEST", false],
    [500, { error: "OutOfMemoryError", detail: "", body: "", errors: "CUDA out of memory" }, "PROVIDER_UNAVAILABLE", true],
    [503, "Service Unavailable", "PROVIDER_UNAVAILABLE", true],
  ] as const)("maps HTTP %i to %s", async (status, body, code, retryable) => {
    nock(BASE).post("/sdapi/v1/txt2img").reply(status, body);
    await expect(createSdWebUiProvider({ baseUrl: BASE }).generate(generateInput(stableDiffusion))).rejects.toMatchObject({ code, retryable });
  });

  it("rejects an answer without images and an image that is an HTML page", async () => {
    const sd = createSdWebUiProvider({ baseUrl: BASE });
    nock(BASE).post("/sdapi/v1/txt2img").reply(200, txt2imgResponse([]));
    await expect(sd.generate(generateInput(stableDiffusion))).rejects.toMatchObject({ code: "PROVIDER_BAD_RESPONSE", retryable: true });
    nock(BASE).post("/sdapi/v1/txt2img").reply(200, txt2imgResponse([base64(HTML_ERROR_PAGE)]));
    await expect(sd.generate(generateInput(stableDiffusion))).rejects.toThrow(/not a PNG, JPEG or WebP/);
  });

  it("times out a GPU that never answers", async () => {
    const slow = await startFakeServer(() => {});
    try {
      const sd = createSdWebUiProvider({ baseUrl: slow.origin, timeoutMs: 100 });
      await expect(sd.generate(generateInput(stableDiffusion))).rejects.toMatchObject({ code: "PROVIDER_TIMEOUT" });
    } finally {
      await slow.close();
    }
  });
});
