import { ANSWER_BUDGET, type AnswerBudget } from "./answer-budget.ts";

export type CappedBody = { ok: true; bytes: Buffer } | { ok: false; reason: "cap" | "budget" };

/**
 * Reads a fetch Response body as bytes, stopping (and cancelling the transfer) as soon as more
 * than `maxBytes` have arrived, or the process-wide budget for answers in flight is spent, so a
 * hostile or broken server costs at most that much memory however much it sends. An announced
 * Content-Length over the cap is refused before a byte is read.
 */
export async function readCappedBody(response: Response, maxBytes: number, budget: AnswerBudget = ANSWER_BUDGET): Promise<CappedBody> {
  const announced = Number(response.headers.get("content-length") ?? Number.NaN);
  if (announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: "cap" };
  }
  if (!response.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let taken = 0;
  let whole = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const reason = taken + value.byteLength > maxBytes ? "cap" : budget.take(value.byteLength, taken) ? null : "budget";
      if (reason) {
        // Dropping our references before cancelling lets the chunks be collected right away.
        chunks.length = 0;
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason };
      }
      taken += value.byteLength;
      chunks.push(value);
    }
    whole = true;
    return { ok: true, bytes: Buffer.concat(chunks, taken) };
  } finally {
    if (whole) budget.give(taken);
    else budget.abandon(taken);
  }
}

/**
 * The largest JSON answer worth reading for `images` base64 images of at most `maxImageBytes`
 * each: base64 is 4/3 of the bytes, plus room for the rest of the JSON (ids, usage, text).
 */
export function jsonAnswerCap(maxImageBytes: number, images: number): number {
  return images * Math.ceil((maxImageBytes * 4) / 3) + 64 * 1024;
}
