// The contention check of issue 18: what Convex would retry if these ran at the same time.
import { expect, test } from "vitest";
import { conflict, conflictReasons } from "./access-sets.ts";
import { runMixedWorkload, share, type Transaction } from "./mixed-workload.ts";

const figures = await runMixedWorkload();
const of = (kind: Transaction["kind"]) => figures.transactions.filter((t) => t.kind === kind);

test("prints the figures the README quotes", () => {
  console.log(`all pairs: ${share(figures.all)}`);
  for (const [category, f] of Object.entries(figures.byCategory)) console.log(`${category}: ${share(f)} ${JSON.stringify(f.reasons)}`);
  expect(figures.all.pairs).toBe((232 * 231) / 2);
});

test("submits in different workspaces never conflict with each other", () => {
  expect(figures.byCategory["submit/submit other workspace"].pairs).toBe(19_600);
  expect(figures.byCategory["submit/submit other workspace"].conflicting).toBe(0);
});

test("a claim conflicts only with claims racing for the same work and with submits into the queue it reads", () => {
  for (const claim of of("claim")) {
    expect(claim.workspaceId).not.toBeNull();
    for (const other of figures.transactions) {
      if (other === claim || !conflict(claim, other)) continue;
      if (other.kind === "claim") continue;
      expect(other.kind, `${claim.label} conflicts with ${other.label}`).toBe("submit");
      // Into the workspace it claimed from, or a queue row inside the ready range it scanned.
      if (other.workspaceId !== claim.workspaceId) expect(conflictReasons(claim, other)).toEqual(["queues.by_ready_served"]);
    }
  }
});

test("completions conflict only with work in their own workspace", () => {
  for (const complete of of("complete")) {
    for (const other of figures.transactions) {
      if (other !== complete && conflict(complete, other)) expect(other.workspaceId).toBe(complete.workspaceId);
    }
  }
});

test("no document is written by every submit or every claim", () => {
  const writtenByAll = (kind: Transaction["kind"]) => {
    const [first, ...rest] = of(kind).map((t) => new Set(t.writes.map((w) => `${w.table}:${w.id}`)));
    return [...first!].filter((doc) => rest.every((set) => set.has(doc)));
  };
  expect(writtenByAll("submit")).toEqual([]);
  expect(writtenByAll("claim")).toEqual([]);
});
