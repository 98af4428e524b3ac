import type { OutboxEntry } from "../../core/ports/store.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";

export function toOutboxEntry(row: Doc<"deliveryOutbox">): OutboxEntry {
  return {
    jobId: row.jobId,
    platform: row.platform,
    createdAt: row.createdAt,
    availableAt: row.availableAt,
    leaseOwner: row.leaseOwner,
    deliveredAt: row.deliveredAt,
  };
}

export async function outboxRow(ctx: QueryCtx, jobId: string): Promise<Doc<"deliveryOutbox"> | null> {
  return ctx.db
    .query("deliveryOutbox")
    .withIndex("by_job", (q) => q.eq("jobId", jobId))
    .unique();
}

/** Leases the oldest due undelivered rows of `platforms` (at most `limit` read per platform). */
export async function claimOutbox(
  ctx: MutationCtx,
  input: { owner: string; platforms: string[]; now: number; leaseMs: number; limit: number },
): Promise<OutboxEntry[]> {
  const limit = Math.max(0, Math.min(input.limit, 100));
  const due: Doc<"deliveryOutbox">[] = [];
  for (const platform of new Set(input.platforms)) {
    due.push(
      ...(await ctx.db
        .query("deliveryOutbox")
        .withIndex("by_platform_due", (q) => q.eq("platform", platform).eq("deliveredAt", null).lte("availableAt", input.now))
        .take(limit)),
    );
  }
  const chosen = due.sort((a, b) => a.availableAt - b.availableAt).slice(0, limit);
  const until = input.now + input.leaseMs;
  for (const row of chosen) await ctx.db.patch(row._id, { leaseOwner: input.owner, availableAt: until });
  return chosen.map((row) => toOutboxEntry({ ...row, leaseOwner: input.owner, availableAt: until }));
}

export async function markOutboxDelivered(ctx: MutationCtx, jobIds: string[], now: number): Promise<void> {
  for (const jobId of new Set(jobIds)) {
    const row = await outboxRow(ctx, jobId);
    if (row && row.deliveredAt === null) await ctx.db.patch(row._id, { deliveredAt: now });
  }
}
