import { afterEach, describe, expect, it } from "vitest";
import type { EngineOptions } from "../../core/engine/engine-options.ts";
import type { GenerateOutput } from "../../core/ports/image-provider.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { systemClock } from "../../core/ports/clock.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";

interface Seen {
  jobId: string;
  status: string;
  position: number | null;
  at: number;
}

/**
 * Live queue positions: waiting jobs' messages are re-rendered (through the Notifier) as jobs
 * ahead leave, each at most once per positionUpdateIntervalMs, only when the number changed.
 * Real engine, real SQLite store; passes are fired by hand against the hand-moved clock, except
 * in the last case, which lets the engine's own timer run.
 */
describe("engine: live queue positions", () => {
  let h: EngineHarness;
  let seen: Seen[];
  afterEach(() => h.cleanup());

  async function setUp(overrides: Partial<EngineOptions>) {
    h = await engineHarness({ defaultPlan: "ENTERPRISE", positionUpdateIntervalMs: 3_000, ...overrides });
    seen = [];
    h.engine.register({
      platform: "test",
      deliver: async (view: JobView) => void seen.push({ jobId: view.job.id, status: view.job.status, position: view.position, at: h.options.clock.now() }),
    });
  }

  /** Each provider call waits until the test opens its gate. */
  function gateProvider(): Array<() => void> {
    const gates: Array<() => void> = [];
    h.provider().script(
      (input) =>
        new Promise<GenerateOutput>((resolve, reject) => {
          input.signal.addEventListener("abort", () => reject(input.signal.reason as Error), { once: true });
          gates.push(() => resolve({ images: [{ bytes: FAKE_PNG, contentType: "image/png", width: input.width, height: input.height }], costUsd: null }));
        }),
    );
    return gates;
  }

  async function submitJobs(n: number, channel = (i: number) => `discord:w1/c${i}`): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const s = await h.engine.submit({
        actor: h.actor(),
        source: "discord",
        idempotencyKey: null,
        channelKey: channel(i),
        replyTarget: { platform: "test" },
        request: { prompt: `job ${i}` },
      });
      if (!s.ok) throw new Error(s.error.message);
      expect(s.value.position).toBe(i + 1);
      ids.push(s.value.job.id);
    }
    return ids;
  }

  async function pass(advanceMs: number) {
    h.clock.advance(advanceMs);
    await h.engine.positions.refresh();
    await h.engine.delivery.idle();
  }

  const waitingPositions = (jobId: string) => seen.filter((s) => s.jobId === jobId && s.status === "pending").map((s) => s.position);

  async function until(check: () => boolean | Promise<boolean>, what: string) {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it("with 1 worker and 5 queued jobs, waiting jobs' messages count down as the jobs ahead are claimed", async () => {
    await setUp({ workerConcurrency: 1 });
    const gates = gateProvider();
    const ids = await submitJobs(5);
    h.engine.start();
    for (let step = 0; step < 5; step++) {
      await until(() => gates.length === step + 1, `job ${step} to reach the provider`);
      await pass(3_000);
      gates[step]!();
    }
    for (const id of ids) await h.settled(id);
    await h.engine.delivery.idle();

    // After job k-1 is claimed, job k is at 1; before that, one place further back per job ahead.
    expect(ids.map(waitingPositions)).toEqual([[], [1], [2, 1], [3, 2, 1], [4, 3, 2, 1]]);
    expect(seen.filter((s) => s.status === "completed").map((s) => s.jobId).sort()).toEqual([...ids].sort());
    expect(h.engine.positions.size).toBe(0);
  });

  it("only jobs whose position changed are re-rendered", async () => {
    await setUp({});
    const ids = await submitJobs(3);
    await pass(3_000);
    expect(seen).toEqual([]);
    await h.engine.cancel(h.actor(), ids[0]!);
    await pass(3_000);
    await pass(3_000);
    expect(seen.filter((s) => s.status === "pending").map((s) => [s.jobId, s.position])).toEqual([
      [ids[1], 1],
      [ids[2], 2],
    ]);
  });

  it("a job's message is edited at most once per positionUpdateIntervalMs, however often jobs leave and passes run", async () => {
    await setUp({ positionUpdatesPerChannel: 100 });
    const ids = await submitJobs(12);
    const submittedAt = h.clock.now();
    // One job leaves every 500 ms of the fake clock and a pass runs after each.
    for (let i = 0; i < 9; i++) {
      await h.engine.cancel(h.actor(), ids[i]!);
      await pass(500);
    }
    for (const id of ids.slice(9)) {
      const times = seen.filter((s) => s.jobId === id && s.status === "pending").map((s) => s.at);
      expect(times.length).toBeGreaterThan(0);
      expect(times[0]! - submittedAt).toBeGreaterThanOrEqual(3_000);
      times.slice(1).forEach((at, i) => expect(at - times[i]!).toBeGreaterThanOrEqual(3_000));
    }
    // Once the interval has passed, the message catches up with where the job really is.
    await pass(3_000);
    expect(waitingPositions(ids[11]!).at(-1)).toBe(3);
    // 6 after the first 3 s (six jobs gone), 3 at the end: never the 11, 10, ... in between.
    expect(waitingPositions(ids[11]!)).toEqual([6, 3]);
  });

  it("a pass re-renders at most positionUpdatesPerChannel messages of one channel; the others follow on the next passes", async () => {
    await setUp({ positionUpdatesPerChannel: 2 });
    const ids = await submitJobs(6, () => "slack:T1/C1");
    await h.engine.cancel(h.actor(), ids[0]!);
    const renderedAfter = async () => {
      await pass(3_000);
      return new Set(seen.filter((s) => s.status === "pending").map((s) => s.jobId)).size;
    };
    expect(await renderedAfter()).toBe(2);
    expect(await renderedAfter()).toBe(4);
    expect(await renderedAfter()).toBe(5);
    expect(ids.slice(1).map((id) => waitingPositions(id))).toEqual([[1], [2], [3], [4], [5]]);
  });

  it("the engine's own timer delivers the updates (real clock)", async () => {
    await setUp({ workerConcurrency: 1, clock: systemClock, positionUpdateIntervalMs: 40 });
    const gates = gateProvider();
    const ids = await submitJobs(3);
    h.engine.start();
    await until(() => gates.length === 1, "the first job to start");
    await until(() => waitingPositions(ids[2]!).includes(2), "the last job's message to show position 2");
    gates[0]!();
    await until(() => gates.length === 2, "the second job to start");
    await until(() => waitingPositions(ids[2]!).includes(1), "the last job's message to show position 1");
    expect(waitingPositions(ids[1]!)).toEqual([1]);
    expect(waitingPositions(ids[2]!)).toEqual([2, 1]);
    gates[1]!();
    await until(() => gates.length === 3, "the third job to start");
    gates[2]!();
    for (const id of ids) await h.settled(id);
  });
});
