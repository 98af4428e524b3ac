import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../core/logging/create-logger.ts";
import { type HttpFailure, mapHttpError } from "../../../core/providers/shared/map-http-error.ts";
import { parseRetryAfter } from "../../../core/providers/shared/parse-retry-after.ts";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function failure(status: number, overrides: Partial<HttpFailure> = {}): HttpFailure {
  return { provider: "openai", status, body: { error: { message: "nope" } }, text: "", retryAfter: null, now: NOW, ...overrides };
}

const context = { credentialHint: "OPENAI_API_KEY" };

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, and gives up on anything else", () => {
    expect(parseRetryAfter("7", NOW)).toBe(7_000);
    expect(parseRetryAfter("1.5", NOW)).toBe(1_500);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter("soon", NOW)).toBeNull();
    expect(parseRetryAfter("-3", NOW)).toBeNull();
  });
});

describe("mapHttpError", () => {
  it.each([
    [401, "PROVIDER_AUTH", false],
    [403, "PROVIDER_AUTH", false],
    [402, "PROVIDER_OUT_OF_CREDIT", true],
    [400, "PROVIDER_BAD_REQUEST", false],
    [404, "PROVIDER_BAD_REQUEST", false],
    [422, "PROVIDER_BAD_REQUEST", false],
    [408, "PROVIDER_TIMEOUT", true],
    [429, "PROVIDER_RATE_LIMITED", true],
    [500, "PROVIDER_UNAVAILABLE", true],
    [503, "PROVIDER_UNAVAILABLE", true],
  ] as const)("maps HTTP %i to %s (retryable: %s)", (status, code, retryable) => {
    const error = mapHttpError(failure(status), context);
    expect(error).toMatchObject({ code, retryable });
    expect(error.userMessage).not.toMatch(/HTTP|\d{3}/);
    expect(error.message).toContain("nope");
  });

  it("carries Retry-After on 429 and 503, and a default delay on 402", () => {
    expect(mapHttpError(failure(429, { retryAfter: "12" }), context).retryAfterMs).toBe(12_000);
    expect(mapHttpError(failure(503, { retryAfter: new Date(NOW + 30_000).toUTCString() }), context).retryAfterMs).toBe(30_000);
    expect(mapHttpError(failure(429), context).retryAfterMs).toBeNull();
    expect(mapHttpError(failure(402), context).retryAfterMs).toBe(60_000);
  });

  it("lets the provider's classifier turn a 4xx into a permanent content-policy refusal", () => {
    const isContentPolicy = (status: number) => status === 400;
    const error = mapHttpError(failure(400), { ...context, isContentPolicy });
    expect(error).toMatchObject({ code: "CONTENT_POLICY", retryable: false });
    expect(error.userMessage).toMatch(/content rules/);
    // The classifier is not consulted for server errors.
    expect(mapHttpError(failure(500), { ...context, isContentPolicy: () => true }).code).toBe("PROVIDER_UNAVAILABLE");
  });

  it("uses the start of a non-JSON body in the message", () => {
    const error = mapHttpError(failure(502, { body: undefined, text: "<html>Bad Gateway</html>" }), context);
    expect(error.message).toContain("<html>Bad Gateway");
  });

  it("writes an operator-visible log line for a rejected key and an empty account, through a pino logger", () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger({ level: "info", format: "json", destination });
    mapHttpError(failure(401), { ...context, log });
    mapHttpError(failure(402), { ...context, log });
    mapHttpError(failure(500), { ...context, log });
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, provider: "openai", status: 401, code: "PROVIDER_AUTH", msg: expect.stringContaining("OPENAI_API_KEY") }),
      expect.objectContaining({ level: 50, provider: "openai", status: 402, code: "PROVIDER_OUT_OF_CREDIT" }),
    ]);
  });
});
