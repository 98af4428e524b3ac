import { afterEach, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import { countingConvex, SERVICE_SECRET } from "../convex/harness.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

/**
 * What one /imagine costs in Convex calls once its member is known, from the request to the
 * finished job: the submit (which checks the cached actor's revision itself, so nothing is read
 * before it), the claim (which brings the workspace's NSFW policy: the worker reads no workspace
 * before the provider), the completion.
 * The worker never polls here (it is woken by the submit), and the test watches the job through
 * an uncounted store, so every counted call is the engine's.
 */
it("a known member's job costs three Convex calls on an engine over Convex: submit, claim, complete", async () => {
  const { t, client, calls } = countingConvex();
  const watcher = createConvexStore({ client: t, serviceSecret: SERVICE_SECRET });
  h = await engineHarness({
    store: createConvexStore({ client, serviceSecret: SERVICE_SECRET }),
    workerConcurrency: 1,
    pollIntervalMs: 3_600_000,
    positionUpdateIntervalMs: 3_600_000,
  });
  const actor = h.actor("u1", "w1");
  await h.engine.resolve(actor);
  h.engine.start();
  // The janitor's first pass and the idle worker's first (empty) claim come with start, not with the job.
  await h.engine.housekeeping();
  while (!calls.includes("jobs:claim")) await new Promise((r) => setTimeout(r, 5));
  calls.length = 0;

  const submitted = await h.engine.submit({ actor, source: "discord", idempotencyKey: null, channelKey: "discord:w1/c1", replyTarget: null, request: { prompt: "a red fox" } });
  if (!submitted.ok) throw new Error(submitted.error.message);
  for (let job: Job | null = null; job?.status !== "completed"; ) {
    await new Promise((r) => setTimeout(r, 5));
    job = await watcher.jobs.get(submitted.value.job.id);
  }
  await h.engine.stop(1_000);

  expect(calls.filter((name) => name !== "jobs:claim")).toEqual(["jobs:submit", "jobs:complete"]);
  // The job's lease; then the freed slot looks for the next job (empty here) when the work is
  // done and again when the job has ended: the worker's idle claims, not this job's.
  const claims = calls.filter((name) => name === "jobs:claim").length;
  expect(claims).toBeGreaterThanOrEqual(1);
  expect(claims).toBeLessThanOrEqual(3);
});
