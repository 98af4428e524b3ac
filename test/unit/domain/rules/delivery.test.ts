import { describe, expect, it } from "vitest";
import { FIRST_DELIVERY_GRACE_MS } from "../../../../core/domain/rules/delivery.ts";
import { decideCompletion } from "../../../../core/domain/rules/completion.ts";
import { decideCancel, decideFailure, decideQueueTimeout, requeueJob } from "../../../../core/domain/rules/job-ending.ts";
import { job, NOW } from "./rule-fixtures.ts";

const queued = { type: "queueDelivery", jobId: "job_1", platform: "slack", now: NOW, availableAt: NOW + FIRST_DELIVERY_GRACE_MS };
const completion = { images: [], providerMs: 1, uploadMs: 1, providerCostUsd: null, now: NOW };

describe("delivery outbox rule (#14)", () => {
  it("every final state queues its delivery after the move, in the same effect list", () => {
    const withTarget = job({ replyTarget: { platform: "slack" } });
    const pending = job({ replyTarget: { platform: "slack" }, status: "pending", leaseOwner: null, leaseExpiresAt: null });
    const endings = [
      decideCompletion(withTarget, completion),
      decideFailure(withTarget, { errorCode: "X", errorMessage: "x", retryAt: null, now: NOW }),
      decideQueueTimeout(pending, NOW),
      (decideCancel(pending, NOW) as { ok: true; value: ReturnType<typeof decideQueueTimeout> }).value,
    ];
    for (const effects of endings) {
      expect(effects.filter((e) => e.type === "queueDelivery")).toEqual([queued]);
      expect(effects.at(-1)).toEqual(queued);
      expect(effects.at(-2)?.type).toBe("moveJob");
    }
  });

  it("a retry or a requeue queues nothing (the job is not final), nor does a job with no reply target", () => {
    const withTarget = job({ replyTarget: { platform: "slack" } });
    expect(decideFailure(withTarget, { errorCode: "X", errorMessage: "x", retryAt: NOW + 1, now: NOW }).some((e) => e.type === "queueDelivery")).toBe(false);
    expect(requeueJob(withTarget, { runAt: NOW, attemptsDelta: 0, errorCode: null, errorMessage: null }).some((e) => e.type === "queueDelivery")).toBe(false);
    expect(decideCompletion(job({ replyTarget: null }), completion).some((e) => e.type === "queueDelivery")).toBe(false);
  });
});
