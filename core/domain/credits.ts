/** Queue time is never charged; the price is fixed when the job is accepted. */
export function priceOf(count: number, creditsPerImage: number): number {
  return count * creditsPerImage;
}

/** How a job's credits come back lives with the refund booking (rules/refund.ts). */
export { refundFor } from "./rules/refund.ts";

/** The daily cap that applies to a member: their override, else the workspace's, else none. */
export function effectiveDailyCap(workspaceCap: number | null, memberOverride: number | null): number | null {
  return memberOverride ?? workspaceCap;
}
