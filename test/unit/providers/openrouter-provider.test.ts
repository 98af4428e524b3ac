import nock from "nock";
import { describe, expect, it } from "vitest";
import { createOpenRouterProvider, type OpenRouterProviderOptions } from "../../../core/providers/openrouter/openrouter-provider.ts";
import { createSafeImageFetch } from "../../../core/providers/shared/safe-image-fetch.ts";
import { base64, encodedImage, generateInput, HTML_ERROR_PAGE, modelById, startFakeServer } from "./fixtures.ts";
import { mockNetworkEdge } from "../../support/network-edge.ts";

const BASE = "https://openrouter.test/api/v1";
const gemini = modelById("google/gemini-2.5-flash-image");
const png = encodedImage("png", 1024, 1024);
const webp = encodedImage("webp", 1344, 768);

function provider(overrides: Partial<OpenRouterProviderOptions> = {}) {
  return createOpenRouterProvider({ apiKey: "sk-or-test", baseUrl: BASE, appUrl: "https://pixorly.example", appName: "Pixorly", ...overrides });
}

/** A chat completion as OpenRouter documents it for image output. */
function completion(urls: string[], options: { cost?: number; finish?: string; nativeFinish?: string } = {}) {
  return {
    id: "gen-123",
    model: "google/gemini-2.5-flash-image",
    choices: [
      {
        finish_reason: options.finish ?? "stop",
        native_finish_reason: options.nativeFinish ?? "STOP",
        message: {
          role: "assistant",
          content: urls.length > 0 ? "Here is your image." : "I can't help with that.",
          images: urls.map((url) => ({ type: "image_url", image_url: { url } })),
        },
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 1290, total_tokens: 1302, ...(options.cost === undefined ? {} : { cost: options.cost }) },
  };
}

const dataUrl = (bytes: Uint8Array, type = "image/png") => `data:${type};base64,${base64(bytes)}`;

mockNetworkEdge();

describe("OpenRouter provider", () => {
  it("sends a chat completion with image modalities, aspect ratio and attribution, and decodes the data URL", async () => {
    let sent: { body: Record<string, unknown>; headers: Headers } | undefined;
    const scope = nock(BASE)
      .post("/chat/completions")
      .reply(200, async (request: Request) => {
        sent = { body: (await request.json()) as Record<string, unknown>, headers: request.headers };
        return completion([dataUrl(webp, "image/webp")], { cost: 0.039 });
      });

    const output = await provider().generate(generateInput(gemini, { aspectRatio: "16:9", negativePrompt: "text, watermarks" }));

    expect(scope.isDone()).toBe(true);
    expect(sent!.body).toEqual({
      model: "google/gemini-2.5-flash-image",
      messages: [{ role: "user", content: "Generate an image: a lighthouse at dusk\n\nAvoid: text, watermarks" }],
      modalities: ["image", "text"],
      image_config: { aspect_ratio: "16:9" },
      seed: 42,
      stream: false,
    });
    expect(sent!.headers.get("authorization")).toBe("Bearer sk-or-test");
    expect(sent!.headers.get("http-referer")).toBe("https://pixorly.example");
    expect(sent!.headers.get("x-title")).toBe("Pixorly");
    expect(output.costUsd).toBe(0.039);
    expect(output.images).toHaveLength(1);
    expect(output.images[0]).toMatchObject({ contentType: "image/webp", width: 1344, height: 768 });
    expect(Buffer.from(output.images[0]!.bytes).equals(Buffer.from(webp))).toBe(true);
  });

  it("uses the model's providerModel when it differs from our id", async () => {
    let model: unknown;
    nock(BASE)
      .post("/chat/completions")
      .reply(200, async (request: Request) => {
        model = ((await request.json()) as { model: unknown }).model;
        return completion([dataUrl(png)]);
      });
    const renamed = { ...gemini, id: "gemini", providerModel: "google/gemini-2.5-flash-image" };
    const output = await provider().generate(generateInput(renamed));
    expect(model).toBe("google/gemini-2.5-flash-image");
    expect(output.costUsd).toBeNull();
  });

  it("makes one call per image with its own seed and adds up the reported cost", async () => {
    const seeds: unknown[] = [];
    nock(BASE)
      .post("/chat/completions")
      .times(3)
      .reply(200, async (request: Request) => {
        seeds.push(((await request.json()) as { seed: unknown }).seed);
        return completion([dataUrl(png)], { cost: 0.04 });
      });
    const output = await provider().generate(generateInput(gemini, { count: 3 }));
    expect(output.images).toHaveLength(3);
    expect(seeds.sort()).toEqual([42, 43, 44]);
    expect(output.costUsd).toBeCloseTo(0.12);
  });

  it("returns the images it got when only some calls fail, never more than asked", async () => {
    nock(BASE).post("/chat/completions").reply(500, { error: { code: 500, message: "upstream error" } });
    nock(BASE).post("/chat/completions").reply(200, completion([dataUrl(png), dataUrl(png)]));
    const output = await provider().generate(generateInput(gemini, { count: 2 }));
    expect(output.images).toHaveLength(2);

    nock(BASE).post("/chat/completions").reply(500, { error: { code: 500, message: "upstream error" } });
    nock(BASE).post("/chat/completions").reply(200, completion([dataUrl(png)]));
    const partial = await provider().generate(generateInput(gemini, { count: 2 }));
    expect(partial.images).toHaveLength(1);
  });

  describe("errors", () => {
    const error = (code: number, message: string, metadata?: Record<string, unknown>) => ({ error: { code, message, ...(metadata ? { metadata } : {}) } });

    it.each([
      ["a bad key", 401, error(401, "No auth credentials found"), {}, { code: "PROVIDER_AUTH", retryable: false }],
      ["an empty account", 402, error(402, "Insufficient credits"), {}, { code: "PROVIDER_OUT_OF_CREDIT", retryable: true }],
      ["rate limiting", 429, error(429, "Rate limit exceeded"), { "retry-after": "20" }, { code: "PROVIDER_RATE_LIMITED", retryable: true, retryAfterMs: 20_000 }],
      ["a model that is down", 502, error(502, "Provider returned error"), {}, { code: "PROVIDER_UNAVAILABLE", retryable: true }],
      ["no provider available", 503, error(503, "No endpoints found"), {}, { code: "PROVIDER_UNAVAILABLE", retryable: true }],
      ["moderation", 403, error(403, "Input flagged", { reasons: ["violence"], flagged_input: "..." }), {}, { code: "CONTENT_POLICY", retryable: false }],
      [
        "an upstream refusal",
        400,
        error(400, "Provider returned error", { provider_name: "OpenAI", raw: '{"error":{"code":"moderation_blocked"}}' }),
        {},
        { code: "CONTENT_POLICY", retryable: false },
      ],
      ["a bad request", 400, error(400, "image_config.aspect_ratio is invalid"), {}, { code: "PROVIDER_BAD_REQUEST", retryable: false }],
    ] as const)("maps %s (HTTP %i)", async (_name, status, body, headers, expected) => {
      nock(BASE).post("/chat/completions").reply(status, body, headers);
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject(expected);
    });

    it("tells the operator about a rejected key through the log", async () => {
      const lines: unknown[][] = [];
      nock(BASE).post("/chat/completions").reply(401, error(401, "No auth credentials found"));
      await expect(provider({ log: { error: (...args) => lines.push(args) } }).generate(generateInput(gemini))).rejects.toThrow();
      expect(lines).toEqual([[expect.objectContaining({ provider: "openrouter", code: "PROVIDER_AUTH" }), expect.stringContaining("OPENROUTER_API_KEY")]]);
    });

    it("maps an error reported inside a 200 by its code", async () => {
      nock(BASE).post("/chat/completions").reply(200, error(502, "Upstream model crashed"));
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({ code: "PROVIDER_UNAVAILABLE", retryable: true });
    });

    it("treats a safety finish without images as a content-policy refusal", async () => {
      nock(BASE).post("/chat/completions").reply(200, completion([], { nativeFinish: "IMAGE_SAFETY" }));
      const refusal = provider().generate(generateInput(gemini));
      await expect(refusal).rejects.toMatchObject({ code: "CONTENT_POLICY", retryable: false, userMessage: expect.stringMatching(/content rules/) });
    });

    it("treats a text-only answer as a bad response worth retrying", async () => {
      nock(BASE).post("/chat/completions").reply(200, completion([]));
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({ code: "PROVIDER_BAD_RESPONSE", retryable: true });
    });

    it("rejects malformed JSON and an undocumented shape as retryable bad responses", async () => {
      nock(BASE).post("/chat/completions").reply(200, "{ this is not json", { "content-type": "application/json" });
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({
        code: "PROVIDER_BAD_RESPONSE",
        retryable: true,
        message: expect.stringMatching(/not JSON/),
      });
      nock(BASE).post("/chat/completions").reply(200, { choices: [] });
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({
        code: "PROVIDER_BAD_RESPONSE",
        message: expect.stringMatching(/unexpected shape/),
      });
    });

    it("refuses a data URL that holds an HTML page", async () => {
      nock(BASE).post("/chat/completions").reply(200, completion([`data:image/png;base64,${base64(HTML_ERROR_PAGE)}`]));
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({
        code: "PROVIDER_BAD_RESPONSE",
        message: expect.stringMatching(/not a PNG, JPEG or WebP/),
      });
    });

  });

  describe("against a fake server on 127.0.0.1", () => {
    it("times out a slow answer, and stops at once when the caller aborts", async () => {
      const slow = await startFakeServer(() => {
        // Never answers.
      });
      try {
        const started = Date.now();
        const slowProvider = provider({ baseUrl: `${slow.origin}/api/v1`, timeoutMs: 150 });
        await expect(slowProvider.generate(generateInput(gemini))).rejects.toMatchObject({
          code: "PROVIDER_TIMEOUT",
          retryable: true,
          message: expect.stringMatching(/within 150 ms/),
        });
        expect(Date.now() - started).toBeLessThan(2_000);

        const controller = new AbortController();
        const call = provider({ baseUrl: `${slow.origin}/api/v1` }).generate(generateInput(gemini, { signal: controller.signal }));
        setTimeout(() => controller.abort(), 50);
        await expect(call).rejects.toMatchObject({ code: "PROVIDER_TIMEOUT", message: expect.stringMatching(/aborted by the caller/) });
      } finally {
        await slow.close();
      }
    });

    it("maps a refused connection to PROVIDER_NETWORK", async () => {
      const gone = await startFakeServer(() => {});
      await gone.close();
      await expect(provider({ baseUrl: `${gone.origin}/api/v1` }).generate(generateInput(gemini))).rejects.toMatchObject({
        code: "PROVIDER_NETWORK",
        retryable: true,
        message: expect.stringMatching(/ECONNREFUSED/),
      });
    });

    it("fetches an image the model links to, through the allow-list seam", async () => {
      const images = await startFakeServer((_request, response) => response.end(Buffer.from(png)));
      try {
        nock(BASE).post("/chat/completions").reply(200, completion([`${images.origin}/generated/1.png`], { cost: 0.02 }));
        const imageFetch = createSafeImageFetch({ allowHosts: [images.host], allowHttp: true });
        const output = await provider({ imageFetch }).generate(generateInput(gemini));
        expect(output.images[0]).toMatchObject({ contentType: "image/png", width: 1024, height: 1024 });
      } finally {
        await images.close();
      }
    });

    it("refuses an image link to a private address with the default fetcher", async () => {
      nock(BASE).post("/chat/completions").reply(200, completion(["https://192.168.1.20/generated/1.png"]));
      await expect(provider().generate(generateInput(gemini))).rejects.toMatchObject({
        code: "PROVIDER_BAD_RESPONSE",
        retryable: false,
        message: expect.stringMatching(/non-public address 192\.168\.1\.20/),
      });
    });
  });
});
