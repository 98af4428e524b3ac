import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_DESCRIBE_MODELS, type DescribeModel } from "../../../core/domain/describe-models.ts";
import { SUGGESTION_MAX } from "../../../core/domain/describe-suggestions.ts";
import type { DescribeInput, ImageDescriber } from "../../../core/ports/image-describer.ts";
import { ProviderError } from "../../../core/ports/image-provider.ts";
import { CircuitBreaker } from "../../../core/providers/circuit-breaker.ts";
import { withDescriberBreaker } from "../../../core/providers/describe/describer-breaker.ts";
import { createLocalDescriber } from "../../../core/providers/describe/local-describer.ts";
import { createOpenAiDescriber } from "../../../core/providers/describe/openai-describer.ts";
import { createOpenRouterDescriber } from "../../../core/providers/describe/openrouter-describer.ts";
import { base64, encodedImage } from "./fixtures.ts";

const OPENROUTER = "https://openrouter.test/api/v1";
const OPENAI = "https://openai.test/v1";
const model = (id: string): DescribeModel => DEFAULT_DESCRIBE_MODELS.find((m) => m.id === id)!;
const jpeg = encodedImage("jpeg", 640, 480);
const input = (describeModel: DescribeModel): DescribeInput => ({
  image: { bytes: jpeg, contentType: "image/jpeg", width: 640, height: 480 },
  model: describeModel,
  count: 4,
  signal: AbortSignal.timeout(5_000),
});

/** A chat completion as OpenAI and OpenRouter document it (text output). */
const completion = (content: string | null, extra: { refusal?: string; finish?: string; cost?: number } = {}) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [{ index: 0, finish_reason: extra.finish ?? "stop", message: { role: "assistant", content, refusal: extra.refusal ?? null } }],
  usage: { prompt_tokens: 900, completion_tokens: 120, total_tokens: 1020, ...(extra.cost === undefined ? {} : { cost: extra.cost }) },
});
const answer = (suggestions: unknown) => completion(JSON.stringify({ suggestions }));

const describers: [string, string, () => ImageDescriber, DescribeModel][] = [
  ["OpenRouter", OPENROUTER, () => createOpenRouterDescriber({ apiKey: "sk-or-secret", baseUrl: OPENROUTER, appUrl: "https://pixorly.example" }), model("google/gemini-2.5-flash")],
  ["OpenAI", OPENAI, () => createOpenAiDescriber({ apiKey: "sk-openai-secret", baseUrl: OPENAI }), model("gpt-4.1-mini")],
];

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe.each(describers)("%s describer", (name, base, make, describeModel) => {
  it("sends the documented chat completion: a text part, then the image as a base64 data: URL image_url part, and a strict JSON schema", async () => {
    let sent: { body: Record<string, unknown>; headers: Headers } | undefined;
    nock(base)
      .post("/chat/completions")
      .reply(200, async (request: Request) => {
        sent = { body: (await request.json()) as Record<string, unknown>, headers: request.headers };
        return answer(["a lighthouse at dusk", "a misty harbour, oil painting"]);
      });
    const output = await make().describe(input(describeModel));
    expect(output.suggestions).toEqual(["a lighthouse at dusk", "a misty harbour, oil painting"]);
    expect(sent!.headers.get("authorization")).toBe(name === "OpenAI" ? "Bearer sk-openai-secret" : "Bearer sk-or-secret");
    expect(sent!.body).toMatchObject({
      model: describeModel.id,
      stream: false,
      messages: [{ role: "user", content: [{ type: "text" }, { type: "image_url", image_url: { url: `data:image/jpeg;base64,${base64(jpeg)}` } }] }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "prompt_suggestions",
          strict: true,
          schema: { type: "object", required: ["suggestions"], additionalProperties: false, properties: { suggestions: { type: "array", items: { type: "string" } } } },
        },
      },
    });
    const text = ((sent!.body.messages as { content: { text?: string }[] }[])[0]!.content[0]!.text) ?? "";
    expect(text).toMatch(/4 different prompts/);
    if (name === "OpenRouter") expect(sent!.headers.get("http-referer")).toBe("https://pixorly.example");
  });

  it("suggestions are trimmed, one line, free of control characters, deduplicated and within the prompt limit", async () => {
    nock(base)
      .post("/chat/completions")
      .reply(200, answer(["  a fox\nin snow\u0007 ", "A FOX in snow", "", "   ", "x".repeat(SUGGESTION_MAX + 50), "a red barn", "a blue boat", "one too many"]));
    const { suggestions } = await make().describe(input(describeModel));
    expect(suggestions).toEqual(["a fox in snow", "x".repeat(SUGGESTION_MAX), "a red barn", "a blue boat"]);
  });

  it("accepts the JSON inside one ```json fence (models that ignore response_format)", async () => {
    nock(base).post("/chat/completions").reply(200, completion('```json\n{"suggestions": ["a quiet pond"]}\n```'));
    expect((await make().describe(input(describeModel))).suggestions).toEqual(["a quiet pond"]);
  });

  it.each([
    ["prose instead of JSON", completion("Sure! Here are some prompts: 1. a fox")],
    ["JSON of another shape", completion(JSON.stringify({ prompts: ["a fox"] }))],
    ["suggestions that are not strings", answer([1, 2])],
    ["only empty suggestions", answer(["", " \n "])],
    ["no content at all", completion(null)],
    ["a body that is not a chat completion", { hello: "world" }],
  ])("a malformed answer (%s) is a PROVIDER_BAD_RESPONSE failure, never shown", async (_label, body) => {
    nock(base).post("/chat/completions").reply(200, body);
    const failure = await make().describe(input(describeModel)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).code).toBe("PROVIDER_BAD_RESPONSE");
    expect((failure as ProviderError).userMessage).not.toMatch(/fox/);
  });

  it("a refusal is CONTENT_POLICY and not retried", async () => {
    nock(base).post("/chat/completions").reply(200, completion(null, { refusal: "I can't help with that." }));
    const failure = (await make().describe(input(describeModel)).catch((error: unknown) => error)) as ProviderError;
    expect([failure.code, failure.retryable]).toEqual(["CONTENT_POLICY", false]);
  });

  it("maps HTTP errors like the image providers, without the key in the message", async () => {
    nock(base).post("/chat/completions").reply(401, { error: { message: "Incorrect API key provided: sk-***" } });
    const failure = (await make().describe(input(describeModel)).catch((error: unknown) => error)) as ProviderError;
    expect(failure.code).toBe("PROVIDER_AUTH");
    expect(failure.message).not.toMatch(/secret/);
  });
});

describe("OpenRouter describer specifics", () => {
  it("an error reported inside a 200 (OpenRouter's mid-stream error shape) is a failure, with the provider's cost read when present", async () => {
    nock(OPENROUTER).post("/chat/completions").reply(200, { error: { code: 502, message: "upstream failed" } });
    const failure = (await describers[0]![2]().describe(input(describers[0]![3])).catch((error: unknown) => error)) as ProviderError;
    expect(failure.code).toBe("PROVIDER_UNAVAILABLE");
    nock(OPENROUTER).post("/chat/completions").reply(200, completion(JSON.stringify({ suggestions: ["a"] }), { cost: 0.0004 }));
    expect((await describers[0]![2]().describe(input(describers[0]![3]))).costUsd).toBe(0.0004);
  });
});

describe("local describer (offline, honest that it is not AI)", () => {
  it("reads shape and colours and says every suggestion is a colour reading", async () => {
    const wide = encodedImage("png", 300, 100);
    const { suggestions } = await createLocalDescriber().describe({
      image: { bytes: wide, contentType: "image/png", width: 300, height: 100 },
      model: model("local-describe"),
      count: 4,
      signal: AbortSignal.timeout(5_000),
    });
    expect(suggestions).toHaveLength(4);
    expect(suggestions[0]).toMatch(/wide.*blue/);
    for (const s of suggestions) expect(s).toMatch(/local colour reading/);
  });
});

describe("describer breaker", () => {
  it("shares its provider's breaker: while it is open /describe fails fast without calling the service", async () => {
    let calls = 0;
    const failing: ImageDescriber = {
      id: "openai",
      describe: async () => {
        calls += 1;
        throw new ProviderError("PROVIDER_UNAVAILABLE", "503", { retryable: true });
      },
    };
    const guarded = withDescriberBreaker(failing, new CircuitBreaker({ failureThreshold: 2 }));
    for (let i = 0; i < 3; i++) await guarded.describe(input(model("gpt-4.1-mini"))).catch(() => undefined);
    const failure = (await guarded.describe(input(model("gpt-4.1-mini"))).catch((error: unknown) => error)) as ProviderError;
    expect(failure.code).toBe("PROVIDER_DEGRADED");
    expect(calls).toBe(2);
  });
});
