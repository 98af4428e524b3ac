import { describe, expect, it } from "vitest";
import type { Effect } from "../../../../core/domain/rules/effects.ts";
import { decideCancel, decideFailure, decideQueueTimeout, requeueJob } from "../../../../core/domain/rules/job-ending.ts";
import { checkMove } from "../../../../core/domain/rules/job-moves.ts";
import { JOB_STATUSES, canTransition } from "../../../../core/domain/job.ts";
import { job, NOW } from "./rule-fixtures.ts";

const ofType = <T extends Effect["type"]>(effects: Effect[], type: T) => effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe("job endings", () => {
  it("a final failure refunds everything once, on the day of the charge, and counts the failure on the day it ended", () => {
    const effects = decideFailure(job({ errorCode: "OLD" }), { errorCode: "PROVIDER_DOWN", errorMessage: "down", retryAt: null, now: NOW });
    expect(ofType(effects, "book")).toEqual([
      { type: "book", workspaceId: "ws_1", kind: "refund", amount: 8, reason: "Refund for job job_1", userId: "usr_1", jobId: "job_1", dedupeKey: "refund:job_1", now: NOW },
    ]);
    expect(ofType(effects, "usage")).toEqual([
      { type: "usage", workspaceId: "ws_1", userId: "usr_1", date: "2026-11-25", delta: { creditsRefunded: 8 } },
      { type: "usage", workspaceId: "ws_1", userId: "usr_1", date: "2026-11-26", delta: { failed: 1 } },
    ]);
    expect(ofType(effects, "moveJob")).toEqual([
      {
        type: "moveJob",
        jobId: "job_1",
        workspaceId: "ws_1",
        memberId: "mem_1",
        from: "processing",
        to: "failed",
        patch: { errorCode: "PROVIDER_DOWN", errorMessage: "down", creditsRefunded: 8, leaseOwner: null, leaseExpiresAt: null, finishedAt: NOW },
      },
    ]);
  });

  it("a retryable failure books nothing and goes back to pending, keeping the attempt", () => {
    const effects = decideFailure(job(), { errorCode: "RATE_LIMITED", errorMessage: "slow", retryAt: NOW + 5_000, now: NOW });
    expect(effects).toEqual([
      expect.objectContaining({ type: "moveJob", from: "processing", to: "pending", patch: expect.objectContaining({ nextRunAt: NOW + 5_000, attempts: 1, leaseOwner: null }) }),
    ]);
  });

  it("a release gives the attempt back and keeps the last error", () => {
    const [move] = requeueJob(job({ attempts: 2, errorCode: "E" }), { runAt: NOW, attemptsDelta: -1, errorCode: null, errorMessage: null });
    expect(move).toMatchObject({ patch: { attempts: 1, errorCode: "E" } });
  });

  it("cancels only pending jobs, with a full refund", () => {
    expect(decideCancel(null, NOW)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    for (const status of ["processing", "completed", "failed", "cancelled"] as const) {
      expect(decideCancel(job({ status }), NOW)).toMatchObject({ ok: false, error: { code: "NOT_CANCELLABLE", details: { status } } });
    }
    const cancelled = decideCancel(job({ status: "pending" }), NOW);
    expect(cancelled.ok && ofType(cancelled.value, "book")[0]?.amount).toBe(8);
  });

  it("a queue timeout fails a pending job with QUEUE_TIMEOUT and a full refund", () => {
    const effects = decideQueueTimeout(job({ status: "pending", leaseOwner: null }), NOW);
    expect(ofType(effects, "moveJob")[0]).toMatchObject({ from: "pending", to: "failed", patch: { errorCode: "QUEUE_TIMEOUT" } });
  });

  it("nothing to refund books nothing", () => {
    expect(ofType(decideQueueTimeout(job({ status: "pending", creditsCharged: 0 }), NOW), "book")).toEqual([]);
  });
});

describe("checkMove (the state machine, checked by both stores on every move)", () => {
  it.each(JOB_STATUSES.flatMap((from) => JOB_STATUSES.map((to) => [from, to] as const)))("%s -> %s", (from, to) => {
    if (from === to || canTransition(from, to)) expect(() => checkMove("job_1", from, to)).not.toThrow();
    else expect(() => checkMove("job_1", from, to)).toThrow(/is not a transition/);
  });

  it("a rule cannot even build an illegal move", () => {
    expect(() => decideFailure(job({ status: "completed" }), { errorCode: "X", errorMessage: "x", retryAt: null, now: NOW })).toThrow(/completed -> failed/);
  });
});
