import { describe, expect, it } from "vitest";
import { canTransition, isTerminal, JOB_STATUSES, type JobStatus } from "../../../core/domain/job.ts";

const allowed: [JobStatus, JobStatus][] = [
  ["pending", "processing"],
  ["pending", "failed"],
  ["pending", "cancelled"],
  ["processing", "pending"],
  ["processing", "completed"],
  ["processing", "failed"],
];

describe("job state machine", () => {
  it("names the seed's states", () => {
    expect(JOB_STATUSES).toEqual(["pending", "processing", "completed", "failed", "cancelled"]);
  });

  it("allows exactly the documented transitions", () => {
    const actual: [JobStatus, JobStatus][] = [];
    for (const from of JOB_STATUSES) for (const to of JOB_STATUSES) if (canTransition(from, to)) actual.push([from, to]);
    expect(actual).toEqual(allowed);
  });

  it.each([
    ["pending", "completed"],
    ["processing", "cancelled"],
    ["pending", "pending"],
    ["processing", "processing"],
    ["completed", "pending"],
    ["failed", "pending"],
    ["cancelled", "processing"],
  ] as [JobStatus, JobStatus][])("refuses %s -> %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it("has completed, failed and cancelled as the terminal states, with no exits", () => {
    expect(JOB_STATUSES.filter(isTerminal)).toEqual(["completed", "failed", "cancelled"]);
    for (const from of ["completed", "failed", "cancelled"] as const) {
      for (const to of JOB_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("can reach a terminal state from every non-terminal state", () => {
    for (const from of ["pending", "processing"] as const) {
      expect(JOB_STATUSES.some((to) => isTerminal(to) && canTransition(from, to))).toBe(true);
    }
  });
});
