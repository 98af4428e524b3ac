import { getFunctionName } from "convex/server";
import { afterEach, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { makeConvex, SERVICE_SECRET } from "../convex/harness.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.cleanup();
  h = null;
});

/**
 * What one /imagine costs in Convex calls once its member is known, from the request to the
 * finished job: the actor revision (actor-cache.ts), the submit, the claim (which brings the
 * workspace's NSFW policy: the worker reads no workspace before the provider), the completion.
 */
it("a known member's job costs four Convex calls on an engine over Convex: actorRevision, submit, claim, complete", async () => {
  const t = makeConvex() as unknown as ConvexClientLike;
  const calls: string[] = [];
  const client: ConvexClientLike = {
    query: (ref, args) => (calls.push(getFunctionName(ref)), t.query(ref, args)),
    mutation: (ref, args) => (calls.push(getFunctionName(ref)), t.mutation(ref, args)),
  };
  h = await engineHarness({ store: createConvexStore({ client, serviceSecret: SERVICE_SECRET }), workerConcurrency: 1, positionUpdateIntervalMs: 3_600_000 });
  const actor = h.actor("u1", "w1");
  await h.engine.resolve(actor);
  const submit = (prompt: string) =>
    h!.engine.submit({ actor, source: "discord", idempotencyKey: null, channelKey: "discord:w1/c1", replyTarget: null, request: { prompt } });
  const finished = async (id: string): Promise<Job> => {
    for (;;) {
      const job = await h!.options.store.jobs.get(id);
      if (job?.status === "completed") return job;
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  h.engine.start();
  // The janitor's first pass and the idle worker's first claim happen at start, not for the job.
  await new Promise((r) => setTimeout(r, 100));
  calls.length = 0;
  const submitted = await submit("a red fox");
  if (!submitted.ok) throw new Error(submitted.error.message);
  await finished(submitted.value.job.id);
  await h.engine.stop(1_000);
  // The test's own polling (jobs:get) and the idle worker's empty claims are not the job's.
  const jobCalls = calls.filter((name) => name !== "jobs:get");
  expect(jobCalls.filter((name) => name !== "jobs:claim")).toEqual(["workspaces:actorRevision", "jobs:submit", "jobs:complete"]);
  expect(jobCalls).toContain("jobs:claim");
  expect(calls).not.toContain("workspaces:get");
});
