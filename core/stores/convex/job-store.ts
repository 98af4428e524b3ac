import { api } from "../../../convex/_generated/api.js";
import type { Job } from "../../domain/job.ts";
import { PLAN_IDS, type PlanId } from "../../domain/plans.ts";
import { nsfwPolicyOf } from "../../domain/workspace.ts";
import type { JobStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";
import { newShareToken } from "./share-token.ts";

export function createJobStore(convex: ServiceCaller): JobStore {
  /** The janitor functions move one bounded batch per transaction: repeat while there may be more. */
  const drain = async (batch: () => Promise<{ jobs: Job[]; more: boolean }>): Promise<Job[]> => {
    const all: Job[] = [];
    for (let more = true; more; ) {
      const next = await batch();
      all.push(...next.jobs);
      more = next.more;
    }
    return all;
  };

  return {
    submit: (job, limits) => convex.mutation(api.jobs.submit, { job, limits }),
    get: (id) => convex.query(api.jobs.get, { id }),
    list: (filter) => convex.query(api.jobs.list, filter),
    position: (jobId) => convex.query(api.jobs.position, { id: jobId }),
    queueDepth: async () => {
      const { enqueued, dequeued } = await convex.query(api.jobs.queueCounters, {});
      return Math.max(0, enqueued - dequeued);
    },
    claim: async ({ workerId, now, leaseMs, providers, maxRunningPerMember }) => {
      const args = {
        workerId,
        now,
        leaseMs,
        providers: [...providers],
        // A function cannot cross the wire: send its value for each plan.
        maxRunningPerMember: Object.fromEntries(PLAN_IDS.map((plan) => [plan, maxRunningPerMember(plan)])) as Record<PlanId, number>,
      };
      // One call when the head of the queue is runnable; further bounded windows only while
      // whole windows hold nothing runnable, so null means nothing is (convex/model/claim.ts).
      for (let window = await convex.mutation(api.jobs.claim, args); ; ) {
        // A deployment older than the bots answers no policy: that is "block".
        if (window.job) return { job: window.job, nsfw: nsfwPolicyOf(window.nsfw) };
        if (!window.resume) return null;
        window = await convex.mutation(api.jobs.claim, { ...args, resume: window.resume });
      }
    },
    heartbeat: (jobId, workerId, leaseUntil) => convex.mutation(api.jobs.heartbeat, { jobId, workerId, leaseUntil }),
    complete: (input) => convex.mutation(api.jobs.complete, { ...input, channelShareToken: newShareToken() }),
    fail: (input) => convex.mutation(api.jobs.fail, input),
    release: (jobId, workerId, runAt, now) => convex.mutation(api.jobs.release, { jobId, workerId, runAt, now }),
    cancel: (jobId, now) => convex.mutation(api.jobs.cancel, { jobId, now }),
    requeueExpired: (now) => drain(() => convex.mutation(api.jobs.requeueExpired, { now })),
    failStale: (createdBefore, now) => drain(() => convex.mutation(api.jobs.failStale, { createdBefore, now })),
    setReplyTarget: (jobId, target) => convex.mutation(api.jobs.setReplyTarget, { jobId, target }),
    releaseInputImage: (jobId, key, now) => convex.mutation(api.jobs.releaseInputImage, { jobId, key, now }),
  };
}
