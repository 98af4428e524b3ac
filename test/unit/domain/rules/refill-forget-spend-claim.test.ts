import { describe, expect, it } from "vitest";
import { FORGOTTEN_USER_ID } from "../../../../core/domain/forgotten-user.ts";
import { CLAIM_WINDOW, firstRunnable, isRunnable } from "../../../../core/domain/rules/claim.ts";
import { mergeUsageIntoTombstone, refuseJobsInFlight } from "../../../../core/domain/rules/forget.ts";
import { decideRefill, welcomeGrant } from "../../../../core/domain/rules/refill.ts";
import { netSpend, rollUp, rollUpByDay } from "../../../../core/domain/rules/spend.ts";
import type { UsageDay } from "../../../../core/domain/usage.ts";
import { NOW } from "./rule-fixtures.ts";

const day = (date: string, fields: Partial<UsageDay> = {}): UsageDay => ({
  workspaceId: "ws_1",
  userId: "usr_1",
  date,
  requested: 2,
  completed: 1,
  failed: 1,
  cancelled: 0,
  images: 3,
  creditsCharged: 5,
  creditsRefunded: 2,
  storageBytes: 300,
  apiRequests: 0,
  providerCostUsd: 0,
  models: { local: 3 },
  ...fields,
});

describe("decideRefill", () => {
  const workspace = { id: "ws_1", plan: "FREE" as const, balance: 3 };
  it("tops up to the plan once per period, recording the decision even when nothing is due", () => {
    expect(decideRefill({ workspace, alreadyDecided: false }, "2026-12", NOW)).toEqual([
      { type: "recordRefill", workspaceId: "ws_1", period: "2026-12", amount: 7, now: NOW },
      expect.objectContaining({ type: "book", kind: "refill", amount: 7, dedupeKey: "refill:ws_1:2026-12", reason: "Monthly refill for 2026-12: topped up to 10 credits" }),
    ]);
    expect(decideRefill({ workspace: { ...workspace, balance: 12 }, alreadyDecided: false }, "2026-12", NOW)).toEqual([
      { type: "recordRefill", workspaceId: "ws_1", period: "2026-12", amount: 0, now: NOW },
    ]);
    expect(decideRefill({ workspace, alreadyDecided: true }, "2026-12", NOW)).toEqual([]);
    expect(decideRefill({ workspace: null, alreadyDecided: false }, "2026-12", NOW)).toEqual([]);
  });

  it("a welcome grant covers its own month", () => {
    expect(welcomeGrant("ws_1", "PRO", NOW)).toEqual([
      expect.objectContaining({ type: "book", kind: "grant", amount: 500, reason: "Welcome: 500 credits on the PRO plan" }),
      { type: "recordRefill", workspaceId: "ws_1", period: "2026-11", amount: 500, now: NOW },
    ]);
  });
});

describe("forget rules", () => {
  it("refuses once, naming every job in flight", () => {
    expect(refuseJobsInFlight({ pendingJobIds: [], processingJobIds: [] })).toBeNull();
    expect(refuseJobsInFlight({ pendingJobIds: ["a"], processingJobIds: ["b"] })).toEqual({
      code: "JOBS_IN_FLIGHT",
      message: "2 job(s) are still queued or generating; try again once they finish.",
      details: { jobIds: ["a", "b"] },
    });
    expect(refuseJobsInFlight({ pendingJobIds: [], processingJobIds: ["b"] })?.message).toBe("1 image job(s) are generating right now; try again once they finish.");
  });

  it("moves every counter and per-model count of each day onto the tombstone", () => {
    const effects = mergeUsageIntoTombstone([day("2026-11-25"), day("2026-11-26", { models: {} })]);
    expect(effects).toHaveLength(3);
    expect(effects.every((e) => e.type === "usage" && e.userId === FORGOTTEN_USER_ID)).toBe(true);
    expect(effects[0]).toMatchObject({ date: "2026-11-25", delta: { requested: 2, creditsCharged: 5, creditsRefunded: 2, storageBytes: 300 } });
    expect(effects[1]).toMatchObject({ date: "2026-11-25", delta: { model: { id: "local", images: 3 } } });
  });
});

describe("spend", () => {
  it("is charged minus refunded, zero for a day without a row", () => {
    expect(netSpend(day("2026-11-26"))).toBe(3);
    expect(netSpend(null)).toBe(0);
  });

  it("rolls up per span and per day", () => {
    const rows = [day("2026-11-25"), day("2026-11-26"), day("2026-11-26", { userId: "usr_2", creditsRefunded: 0 })];
    expect(rollUp(rows)).toEqual({ requested: 6, completed: 3, failed: 3, images: 9, creditsSpent: 11 });
    expect([...rollUpByDay(rows)].map(([date, t]) => [date, t.creditsSpent])).toEqual([
      ["2026-11-25", 3],
      ["2026-11-26", 8],
    ]);
  });
});

describe("claim choice", () => {
  const rules = { now: NOW, providers: ["local"] as const, cap: 1 };
  it.each([
    ["runnable", { nextRunAt: NOW, provider: "local" as const }, 0, true],
    ["backing off", { nextRunAt: NOW + 1, provider: "local" as const }, 0, false],
    ["for a provider this worker lacks", { nextRunAt: NOW, provider: "openai" as const }, 0, false],
    ["for a member at the running cap", { nextRunAt: NOW, provider: "local" as const }, 1, false],
  ])("a job %s", (_what, job, running, runnable) => {
    expect(isRunnable(job, running, rules)).toBe(runnable);
  });

  it("takes the oldest runnable job, stepping over blocked ones", () => {
    const jobs = [
      { id: "a", memberId: "capped", nextRunAt: NOW, provider: "local" as const },
      { id: "b", memberId: "free", nextRunAt: NOW + 5, provider: "local" as const },
      { id: "c", memberId: "free", nextRunAt: NOW, provider: "local" as const },
    ];
    expect(firstRunnable(jobs, (m) => (m === "capped" ? 1 : 0), rules)?.id).toBe("c");
    expect(firstRunnable(jobs.slice(0, 2), (m) => (m === "capped" ? 1 : 0), rules)).toBeNull();
    expect(CLAIM_WINDOW).toEqual({ workspaces: 8, jobsPerWorkspace: 16 });
  });
});
