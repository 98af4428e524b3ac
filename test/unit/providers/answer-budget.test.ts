import { describe, expect, it, vi } from "vitest";
import { AnswerBudget } from "../../../core/providers/shared/answer-budget.ts";
import { readCappedBody } from "../../../core/providers/shared/read-capped-body.ts";

const body = (chunks: number[], headers: Record<string, string> = {}) =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (const size of chunks) controller.enqueue(new Uint8Array(size));
        controller.close();
      },
    }),
    { headers },
  );

describe("answer caps and the process-wide answer budget", () => {
  it("reads an answer within its cap and gives its bytes back", async () => {
    const budget = new AnswerBudget(1_000);
    const read = await readCappedBody(body([300, 300]), 1_000, budget);
    expect(read).toMatchObject({ ok: true });
    expect(read.ok && read.bytes.length).toBe(600);
    expect(budget.used).toBe(0);
  });

  it("a lone answer larger than the budget is read whole up to its own cap (a four-image answer never fails on the budget alone)", async () => {
    const budget = new AnswerBudget(1_000);
    const read = await readCappedBody(body([600, 600, 600]), 5_000, budget);
    expect(read.ok && read.bytes.length).toBe(1_800);
    expect(budget.used).toBe(0);
    // With another answer holding budget, the same answer stops at the budget.
    expect(budget.take(100)).toBe(true);
    expect(await readCappedBody(body([600, 600, 600]), 5_000, budget)).toEqual({ ok: false, reason: "budget" });
  });

  it("stops at the cap, and refuses an announced Content-Length over it before reading", async () => {
    const budget = new AnswerBudget(10_000);
    expect(await readCappedBody(body([400, 400, 400]), 1_000, budget)).toEqual({ ok: false, reason: "cap" });
    expect(await readCappedBody(body([10], { "content-length": "5000" }), 1_000, budget)).toEqual({ ok: false, reason: "cap" });
  });

  it("stops an answer that would pass the budget, and holds abandoned bytes until a collection has likely run", async () => {
    vi.useFakeTimers();
    try {
      const budget = new AnswerBudget(1_000, 1_000);
      expect(budget.take(700)).toBe(true);
      expect(await readCappedBody(body([200, 200]), 10_000, budget)).toEqual({ ok: false, reason: "budget" });
      expect(budget.used).toBe(900);
      vi.advanceTimersByTime(1_000);
      expect(budget.used).toBe(700);
    } finally {
      vi.useRealTimers();
    }
  });
});
