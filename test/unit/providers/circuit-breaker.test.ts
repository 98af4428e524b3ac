import { describe, expect, it } from "vitest";
import { type GenerateOutput, type ImageProvider, ProviderError } from "../../../core/ports/image-provider.ts";
import { type BreakerState, CircuitBreaker, withCircuitBreaker } from "../../../core/providers/circuit-breaker.ts";
import { TestClock } from "../../support/test-clock.ts";
import { encodedImage, generateInput, modelById } from "./fixtures.ts";

const model = modelById("google/gemini-2.5-flash-image");
const ok: GenerateOutput = { images: [{ bytes: encodedImage("png", 8, 8), contentType: "image/png", width: 8, height: 8 }], costUsd: 0.01 };
const unavailable = () => new ProviderError("PROVIDER_UNAVAILABLE", "HTTP 503", { retryable: true });
const refused = () => new ProviderError("CONTENT_POLICY", "flagged", { retryable: false });

/** A provider whose next answers are scripted; counts the calls that reached it. */
function scripted(...answers: Array<GenerateOutput | Error>) {
  const provider = {
    calls: 0,
    id: "openrouter" as const,
    async generate() {
      provider.calls += 1;
      const answer = answers.shift() ?? ok;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } satisfies ImageProvider & { calls: number };
  return provider;
}

function setup(...answers: Array<GenerateOutput | Error>) {
  const clock = new TestClock();
  const changes: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 30_000, clock, onStateChange: (from, to) => changes.push([from, to]) });
  const inner = scripted(...answers);
  const provider = withCircuitBreaker(inner, breaker);
  const run = (signal = new AbortController().signal) => provider.generate(generateInput(model, { signal }));
  return { clock, breaker, inner, provider, run, changes };
}

describe("circuit breaker", () => {
  it("opens after N consecutive retryable failures and then refuses without calling the provider", async () => {
    const { breaker, inner, run, provider } = setup(unavailable(), unavailable(), unavailable());
    for (let i = 0; i < 3; i++) await expect(run()).rejects.toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(breaker.isOpen()).toBe(true);

    const refusal = await run().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProviderError);
    expect(refusal).toMatchObject({
      code: "PROVIDER_DEGRADED",
      retryable: true,
      retryAfterMs: 30_000,
      userMessage: "The image service is degraded, your job is queued and will run when it recovers.",
    });
    expect(inner.calls).toBe(3);
    expect(provider.id).toBe("openrouter");
  });

  it("uses the documented defaults: five failures, thirty seconds", () => {
    const clock = new TestClock();
    const breaker = new CircuitBreaker({ clock });
    for (let i = 0; i < 4; i++) breaker.record("failure");
    expect(breaker.isOpen()).toBe(false);
    breaker.record("failure");
    expect(breaker.isOpen()).toBe(true);
    clock.advance(29_999);
    expect(breaker.isOpen()).toBe(true);
    clock.advance(1);
    expect(breaker.isOpen()).toBe(false);
  });

  it("counts only consecutive failures: a success in between resets the count", async () => {
    const { breaker, run } = setup(unavailable(), unavailable(), ok, unavailable(), unavailable());
    for (let i = 0; i < 5; i++) await run().catch(() => undefined);
    expect(breaker.state).toBe("closed");
  });

  it("does not count permanent errors as failures", async () => {
    const { breaker, run } = setup(refused(), refused(), refused(), refused());
    for (let i = 0; i < 4; i++) await expect(run()).rejects.toMatchObject({ code: "CONTENT_POLICY" });
    expect(breaker.state).toBe("closed");
  });

  it("lets one probe through after the cool-down and closes when it succeeds", async () => {
    const { clock, breaker, inner, run, changes } = setup(unavailable(), unavailable(), unavailable());
    for (let i = 0; i < 3; i++) await run().catch(() => undefined);
    clock.advance(30_000);
    expect(breaker.isOpen()).toBe(false);

    let release!: () => void;
    inner.generate = async () => {
      inner.calls += 1;
      await new Promise<void>((resolve) => (release = resolve));
      return ok;
    };
    const probe = run();
    // While the probe is out, everyone else waits.
    expect(breaker.state).toBe("half-open");
    expect(breaker.isOpen()).toBe(true);
    await expect(run()).rejects.toMatchObject({ code: "PROVIDER_DEGRADED" });
    release();
    await expect(probe).resolves.toBe(ok);

    expect(breaker.state).toBe("closed");
    expect(breaker.isOpen()).toBe(false);
    expect(inner.calls).toBe(4);
    expect(changes).toEqual([
      ["closed", "open"],
      ["open", "half-open"],
      ["half-open", "closed"],
    ]);
  });

  it("re-opens for a full cool-down when the probe fails", async () => {
    const { clock, breaker, run } = setup(unavailable(), unavailable(), unavailable(), unavailable());
    for (let i = 0; i < 3; i++) await run().catch(() => undefined);
    clock.advance(30_000);
    await expect(run()).rejects.toMatchObject({ code: "PROVIDER_UNAVAILABLE" });
    expect(breaker.state).toBe("open");
    expect(breaker.retryInMs()).toBe(30_000);
    clock.advance(29_000);
    await expect(run()).rejects.toMatchObject({ code: "PROVIDER_DEGRADED", retryAfterMs: 1_000 });
  });

  it("frees the probe without judging the service when the caller aborts", async () => {
    const { clock, breaker, inner, run } = setup(unavailable(), unavailable(), unavailable());
    for (let i = 0; i < 3; i++) await run().catch(() => undefined);
    clock.advance(30_000);
    const shutdown = new AbortController();
    inner.generate = async () => {
      inner.calls += 1;
      shutdown.abort();
      throw new ProviderError("PROVIDER_TIMEOUT", "request aborted by the caller", { retryable: true });
    };
    await expect(run(shutdown.signal)).rejects.toMatchObject({ code: "PROVIDER_TIMEOUT" });
    expect(breaker.state).toBe("half-open");
    expect(breaker.isOpen()).toBe(false);
  });

  it("still counts the engine's own timeout as a failure", async () => {
    const { breaker, inner, run } = setup();
    inner.generate = async () => {
      throw new ProviderError("PROVIDER_TIMEOUT", "request aborted by the caller", { retryable: true });
    };
    const timedOut = AbortSignal.abort(new DOMException("timed out", "TimeoutError"));
    for (let i = 0; i < 3; i++) await run(timedOut).catch(() => undefined);
    expect(breaker.state).toBe("open");
  });
});
