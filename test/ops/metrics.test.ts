import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../bots/http/create-http-server.ts";
import { mountMetrics, type Metrics } from "../../bots/http/metrics.ts";
import { ProviderError } from "../../core/ports/image-provider.ts";
import { CircuitBreaker } from "../../core/providers/circuit-breaker.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";

/** Prometheus text format to a map of `name{labels}` -> value (comments and blank lines skipped). */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

describe("GET /metrics", () => {
  let h: EngineHarness;
  let http: HttpServer;
  let metrics: Metrics;
  let base: string;
  const breaker = new CircuitBreaker();
  const submitted: string[] = [];

  const scrape = async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    return parse(await res.text());
  };

  beforeAll(async () => {
    h = await engineHarness();
    http = createHttpServer({ logger: h.options.logger, storage: h.storage });
    // The test's own count of pending jobs stands in for the store's constant-time read.
    const queueDepth = async () => (await Promise.all(submitted.map((id) => h.store.jobs.get(id)))).filter((j) => j?.status === "pending").length;
    metrics = mountMetrics({ http, engine: h.engine, breakers: new Map([["local", breaker]]), queueDepth });
    base = `http://127.0.0.1:${(await http.listen(0, "127.0.0.1")).port}`;
  });
  afterAll(async () => {
    metrics.stop();
    await http.close();
    await h.cleanup();
  });

  it("reports the queue depth while jobs wait", async () => {
    for (const [prompt, count] of [["two foxes", 2], ["one owl", 1], ["a cancelled cat", 1]] as const) {
      const result = await imagine(h, prompt, { count });
      if (!result.ok) throw new Error(result.error.code);
      submitted.push(result.value.job.id);
    }
    expect((await scrape()).get("pixorly_queue_depth")).toBe(3);
  });

  it("counts each job state once, the credits when jobs end, and both latencies", async () => {
    const [foxes, owl, cat] = submitted as [string, string, string];
    expect((await h.engine.cancel(h.actor(), cat)).ok).toBe(true);
    h.provider().script(
      // 1.5 s in the provider, and one image of the two asked for: one credit comes back.
      async (input) => {
        h.clock.advance(1_500);
        return { images: [{ bytes: FAKE_PNG, contentType: "image/png", width: input.width, height: input.height }], costUsd: 0 };
      },
      { error: new ProviderError("PROVIDER_BAD_REQUEST", "refused", { retryable: false }) },
    );
    h.engine.start();
    await h.settled(foxes);
    await h.settled(owl);
    await h.engine.delivery.idle();
    // A repeated delivery of a state already counted changes nothing.
    await h.engine.delivery.deliver(foxes);

    const m = await scrape();
    expect(m.get('pixorly_jobs_total{status="processing"}')).toBe(2);
    expect(m.get('pixorly_jobs_total{status="completed"}')).toBe(1);
    expect(m.get('pixorly_jobs_total{status="failed"}')).toBe(1);
    expect(m.get('pixorly_jobs_total{status="cancelled"}')).toBe(1);
    expect(m.get("pixorly_credits_charged_total")).toBe(4);
    expect(m.get("pixorly_credits_refunded_total")).toBe(3);
    expect(m.get('pixorly_job_duration_seconds_count{provider="local"}')).toBe(1);
    expect(m.get('pixorly_job_duration_seconds_sum{provider="local"}')).toBe(1.5);
    expect(m.get('pixorly_job_duration_seconds_bucket{le="1",provider="local"}')).toBe(0);
    expect(m.get('pixorly_job_duration_seconds_bucket{le="2",provider="local"}')).toBe(1);
    expect(m.get('pixorly_provider_duration_seconds_sum{provider="local"}')).toBe(1.5);
    expect(m.get("pixorly_queue_depth")).toBe(0);
  });

  it("shows each provider's circuit state and the platform errors front ends count", async () => {
    expect((await scrape()).get('pixorly_circuit_breaker_state{provider="local",state="closed"}')).toBe(1);
    for (let i = 0; i < 5; i++) breaker.record("failure");
    metrics.platformErrors.inc({ platform: "discord" });
    metrics.platformErrors.inc({ platform: "discord" });

    const m = await scrape();
    expect(m.get('pixorly_circuit_breaker_state{provider="local",state="open"}')).toBe(1);
    expect(m.get('pixorly_circuit_breaker_state{provider="local",state="closed"}')).toBe(0);
    expect(m.get('pixorly_platform_api_errors_total{platform="discord"}')).toBe(2);
    // The standard process metrics come along.
    expect(m.has("process_cpu_user_seconds_total")).toBe(true);
    expect(m.has("nodejs_eventloop_lag_seconds")).toBe(true);
  });
});
