import { describe, expect, it } from "vitest";
import { isNewWork } from "../../core/stores/convex/queue-watch.ts";

// The Convex new-work signal sums only workspaces with work waiting (issue 18); these are the
// moves a push can show and whether idle workers should wake for them.
describe("isNewWork", () => {
  const at = (enqueued: number, dequeued: number) => ({ enqueued, dequeued });

  it("wakes on the first value and on a submit or a job put back", () => {
    expect(isNewWork(null, at(0, 0))).toBe(true);
    expect(isNewWork(at(3, 1), at(4, 1))).toBe(true); // a submit into a workspace with work
    expect(isNewWork(at(3, 1), at(3 + 7, 1 + 6))).toBe(true); // a workspace with history gets work again
    expect(isNewWork(at(3, 1), at(3, 0))).toBe(true); // a job put back
  });

  it("does not wake when work only leaves", () => {
    expect(isNewWork(at(3, 1), at(3, 2))).toBe(false); // a claim or a cancel
    expect(isNewWork(at(5, 2), at(2, 0))).toBe(false); // a workspace (5 issued, 2 gone) emptied, others still waiting
    expect(isNewWork(at(3, 2), at(0, 0))).toBe(false); // the last job anywhere left
  });

  it("wakes when a submit elsewhere arrives in the same push as a workspace emptying", () => {
    expect(isNewWork(at(5, 2), at(5 - 3 + 1, 0))).toBe(true);
  });

  it("may miss a submit hidden behind as many departures in one push (the workers' poll finds it)", () => {
    // A workspace empties, another is claimed from and submitted into, all between two pushes.
    expect(isNewWork(at(5, 2), at(5 - 3 + 1, 2 - 2 + 1))).toBe(false);
  });
});
