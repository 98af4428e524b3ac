import nock from "nock";
import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS } from "../../../core/domain/aspect-ratios.ts";
import { createOpenAiProvider } from "../../../core/providers/openai/openai-provider.ts";
import { openAiSize } from "../../../core/providers/openai/openai-size.ts";
import { createSafeImageFetch } from "../../../core/providers/shared/safe-image-fetch.ts";
import { base64, encodedImage, generateInput, HTML_ERROR_PAGE, modelById, startFakeServer } from "./fixtures.ts";
import { mockNetworkEdge } from "../../support/network-edge.ts";

const BASE = "https://openai.test/v1";
const gptImage = modelById("gpt-image-1");
const landscape = encodedImage("png", 1536, 1024);

const provider = (extra: Partial<Parameters<typeof createOpenAiProvider>[0]> = {}) =>
  createOpenAiProvider({ apiKey: "sk-test", baseUrl: `${BASE}/`, ...extra });

/** The images API's documented answer for GPT image models: base64 only, token usage. */
function imagesResponse(items: Array<{ b64_json?: string; url?: string }>) {
  return {
    created: 1_764_000_000,
    data: items,
    usage: { total_tokens: 4_200, input_tokens: 50, output_tokens: 4_150, input_tokens_details: { text_tokens: 50, image_tokens: 0 } },
  };
}

mockNetworkEdge();

describe("openAiSize", () => {
  it("maps each aspect ratio to the closest size of the same orientation", () => {
    const sizes = Object.fromEntries(ASPECT_RATIOS.map((aspect) => [aspect, openAiSize(aspect)]));
    expect(sizes).toEqual({
      "1:1": "1024x1024",
      "3:2": "1536x1024",
      "2:3": "1024x1536",
      "16:9": "1536x1024",
      "4:3": "1536x1024",
      "9:16": "1024x1536",
      "3:4": "1024x1536",
    });
  });
});

describe("OpenAI provider", () => {
  it("asks for n images at the mapped size in one call and decodes b64_json", async () => {
    let body: unknown;
    let authorization: string | null = null;
    const scope = nock(BASE)
      .post("/images/generations")
      .reply(200, async (request: Request) => {
        body = await request.json();
        authorization = request.headers.get("authorization");
        return imagesResponse([{ b64_json: base64(landscape) }, { b64_json: base64(landscape) }]);
      });

    const output = await provider().generate(generateInput(gptImage, { aspectRatio: "3:2", count: 2, negativePrompt: "people" }));

    expect(scope.isDone()).toBe(true);
    expect(body).toEqual({ model: "gpt-image-1", prompt: "a lighthouse at dusk\n\nAvoid: people", n: 2, size: "1536x1024", moderation: "low" });
    expect(authorization).toBe("Bearer sk-test");
    expect(output.costUsd).toBeNull();
    expect(output.images).toHaveLength(2);
    expect(output.images[1]).toMatchObject({ contentType: "image/png", width: 1536, height: 1024 });
  });

  it("sends through an injected fetch to the base URL's images endpoint", async () => {
    const urls: string[] = [];
    const injected: typeof fetch = async (input) => {
      urls.push(String(input));
      return Response.json(imagesResponse([{ b64_json: base64(landscape) }]));
    };
    const output = await provider({ baseUrl: "http://images.internal:8080/v1", fetch: injected }).generate(generateInput(gptImage));
    expect(urls).toEqual(["http://images.internal:8080/v1/images/generations"]);
    expect(output.images).toHaveLength(1);
  });

  it("keeps no more images than asked for", async () => {
    nock(BASE)
      .post("/images/generations")
      .reply(200, imagesResponse([{ b64_json: base64(landscape) }, { b64_json: base64(landscape) }]));
    const output = await provider().generate(generateInput(modelById("gpt-image-1-mini")));
    expect(output.images).toHaveLength(1);
  });

  it("downloads linked images from an OpenAI-compatible server through the image fetcher", async () => {
    const images = await startFakeServer((_request, response) => response.end(Buffer.from(landscape)));
    try {
      nock(BASE).post("/images/generations").reply(200, imagesResponse([{ url: `${images.origin}/out.png` }]));
      const imageFetch = createSafeImageFetch({ allowHosts: [images.host], allowHttp: true });
      const output = await provider({ imageFetch }).generate(generateInput(gptImage));
      expect(output.images[0]).toMatchObject({ width: 1536, height: 1024 });
    } finally {
      await images.close();
    }
  });

  describe("errors", () => {
    const openAiError = (message: string, code: string | null, type = "invalid_request_error") => ({ error: { message, type, param: null, code } });

    it.each([
      ["an invalid key", 401, openAiError("Incorrect API key provided", "invalid_api_key"), {}, { code: "PROVIDER_AUTH", retryable: false }],
      ["an unverified organisation", 403, openAiError("Organization must be verified", null), {}, { code: "PROVIDER_AUTH", retryable: false }],
      ["billing", 402, openAiError("Billing hard limit reached", "billing_hard_limit_reached"), {}, { code: "PROVIDER_OUT_OF_CREDIT" }],
      [
        "rate limiting",
        429,
        openAiError("Rate limit reached", "rate_limit_exceeded", "requests"),
        { "retry-after": "3" },
        { code: "PROVIDER_RATE_LIMITED", retryable: true, retryAfterMs: 3_000 },
      ],
      ["a server error", 500, openAiError("The server had an error", null, "server_error"), {}, { code: "PROVIDER_UNAVAILABLE", retryable: true }],
      [
        "the safety system",
        400,
        openAiError("Your request was rejected by the safety system.", "moderation_blocked", "image_generation_user_error"),
        {},
        { code: "CONTENT_POLICY", retryable: false },
      ],
      [
        "a compatible server's content policy",
        400,
        openAiError("Your request was rejected as a result of our safety system.", "content_policy_violation"),
        {},
        { code: "CONTENT_POLICY", retryable: false },
      ],
      ["an invalid size", 400, openAiError("Invalid value: '512x512'.", "invalid_value"), {}, { code: "PROVIDER_BAD_REQUEST", retryable: false }],
    ] as const)("maps %s (HTTP %i)", async (_name, status, body, headers, expected) => {
      nock(BASE).post("/images/generations").reply(status, body, headers);
      await expect(provider().generate(generateInput(gptImage))).rejects.toMatchObject(expected);
    });

    it("rejects malformed JSON, a missing data array and base64 that decodes to HTML", async () => {
      nock(BASE).post("/images/generations").reply(200, "<html>upstream timeout</html>");
      await expect(provider().generate(generateInput(gptImage))).rejects.toMatchObject({ code: "PROVIDER_BAD_RESPONSE", retryable: true });
      nock(BASE).post("/images/generations").reply(200, { created: 1, data: [{}] });
      await expect(provider().generate(generateInput(gptImage))).rejects.toThrow(/b64_json or url/);
      nock(BASE).post("/images/generations").reply(200, imagesResponse([{ b64_json: base64(HTML_ERROR_PAGE) }]));
      await expect(provider().generate(generateInput(gptImage))).rejects.toThrow(/not a PNG, JPEG or WebP/);
    });

    it("times out a slow answer", async () => {
      const slow = await startFakeServer(() => {});
      try {
        const slowProvider = provider({ baseUrl: `${slow.origin}/v1`, timeoutMs: 100 });
        await expect(slowProvider.generate(generateInput(gptImage))).rejects.toMatchObject({ code: "PROVIDER_TIMEOUT", retryable: true });
      } finally {
        await slow.close();
      }
    });
  });
});
