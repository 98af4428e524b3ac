import { describe, expect, it } from "vitest";
import type { ProviderId } from "../../../../core/domain/models.ts";
import type { PlanId } from "../../../../core/domain/plans.ts";
import { CLAIM_WINDOW, planClaims, servedRounds, type ClaimCandidate, type ClaimQueue, type ClaimWorkspace } from "../../../../core/domain/rules/claim.ts";

const NOW = 1_000;

/** An in-memory queue that records every read planClaims makes. */
function queue(workspaces: ClaimWorkspace[], jobs: ClaimCandidate[], running: Record<string, [string, number][]> = {}) {
  const reads: string[] = [];
  const source: ClaimQueue<ClaimCandidate> = {
    workspaces: (offset, limit) => {
      reads.push(`workspaces ${offset}+${limit}`);
      return workspaces.slice(offset, offset + limit);
    },
    running: (workspaceId) => {
      reads.push(`running ${workspaceId}`);
      return running[workspaceId] ?? [];
    },
    pending: (workspaceId, afterSeq, limit) => {
      reads.push(`pending ${workspaceId}>${afterSeq}+${limit}`);
      return jobs.filter((j) => j.workspaceId === workspaceId && j.seq > afterSeq).slice(0, limit);
    },
  };
  return { source, reads };
}

let seq = 0;
const job = (workspaceId: string, memberId = "m", provider: ProviderId = "local", nextRunAt = NOW): ClaimCandidate => ({
  id: `job${++seq}`,
  seq,
  workspaceId,
  memberId: `${workspaceId}.${memberId}`,
  status: "pending",
  provider,
  nextRunAt,
  attempts: 0,
  startedAt: null,
});
const ws = (id: string, pendingJobs: number, plan: PlanId = "PRO"): ClaimWorkspace => ({ id, plan, pendingJobs });
const batch = (slots: Partial<Record<ProviderId, number>>, limit: number) => ({ now: NOW, slots, limit, cap: () => 2 });

describe("claim plan (planClaims)", () => {
  it("a batch of one whose head of queue is runnable reads one workspace, its running counts and one job", () => {
    const { source, reads } = queue([ws("a", 2), ws("b", 1)], [job("a"), job("a"), job("b")]);
    expect(planClaims(source, batch({ local: 1 }, 1)).map((j) => j.id)).toEqual(["job1"]);
    expect(reads).toEqual(["workspaces 0+1", "pending a>-1+1", "running a"]);
  });

  it("a batch reads each workspace's running counts and pending window once, and serves workspaces in turn", () => {
    seq = 0;
    const { source, reads } = queue([ws("a", 3), ws("b", 2)], [job("a", "x"), job("a", "y"), job("a", "z"), job("b"), job("b")]);
    expect(planClaims(source, batch({ local: 10 }, 10)).map((j) => j.id)).toEqual(["job1", "job4", "job2", "job5", "job3"]);
    expect(reads.filter((r) => r.startsWith("running")).sort()).toEqual(["running a", "running b"]);
    // One read, no larger than the leases wanted (10 of a 16-job window).
    expect(reads.filter((r) => r.startsWith("pending a"))).toEqual(["pending a>-1+10"]);
    expect(CLAIM_WINDOW.jobsPerWorkspace).toBeGreaterThan(10);
  });

  it("a member's lease counts against their cap for the rest of the batch; a workspace with nothing runnable is read once and skipped", () => {
    seq = 0;
    const { source, reads } = queue([ws("a", 3), ws("b", 1)], [job("a"), job("a"), job("a"), job("b", "m", "openai")], { a: [["a.m", 1]] });
    // Cap 2 with one already running: one lease for a.m; b's only job is for a provider without a slot.
    expect(planClaims(source, batch({ local: 5 }, 5)).map((j) => j.id)).toEqual(["job1"]);
    expect(reads.filter((r) => r.startsWith("pending b"))).toHaveLength(1);
  });

  it("each lease of a batch has its own round; a workspace served twice keeps its later one", () => {
    const rounds = servedRounds([{ workspaceId: "a" }, { workspaceId: "b" }, { workspaceId: "a" }], 41);
    expect([...rounds]).toEqual([["a", 43], ["b", 42]]);
  });
});
