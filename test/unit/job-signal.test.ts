import { describe, expect, it } from "vitest";
import { jobSignal } from "../../core/engine/job-signal.ts";

describe("jobSignal", () => {
  it("aborts with the first parent's reason", () => {
    const shutdown = new AbortController();
    const lost = new AbortController();
    const { signal, dispose } = jobSignal([shutdown.signal, lost.signal], 60_000);
    lost.abort(new Error("lease lost"));
    shutdown.abort(new Error("shutting down"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("lease lost");
    dispose();
  });

  it("starts aborted when a parent already is", () => {
    const shutdown = new AbortController();
    shutdown.abort(new Error("shutting down"));
    const { signal, dispose } = jobSignal([shutdown.signal], 60_000);
    expect((signal.reason as Error).message).toBe("shutting down");
    dispose();
  });

  it("times out with a TimeoutError, as AbortSignal.timeout does (run-job maps it to PROVIDER_TIMEOUT)", async () => {
    const { signal, dispose } = jobSignal([], 5);
    await new Promise((resolve) => signal.addEventListener("abort", resolve));
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect((signal.reason as DOMException).name).toBe("TimeoutError");
    dispose();
  });

  it("after dispose, neither a parent nor the timer reaches it", async () => {
    const shutdown = new AbortController();
    const { signal, dispose } = jobSignal([shutdown.signal], 5);
    dispose();
    shutdown.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(false);
  });
});
