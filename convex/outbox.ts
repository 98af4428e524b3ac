import { v } from "convex/values";
import { claimOutbox, markOutboxDelivered, outboxRow, toOutboxEntry } from "./model/outbox.ts";
import { nullable, vOutboxEntry } from "./model/return-validators.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";

/** The delivery outbox (#14) as any bots or worker process sees it; rows are written by the mutations that end jobs. */

export const claim = serviceMutation({
  args: { owner: v.string(), platforms: v.array(v.string()), now: v.number(), leaseMs: v.number(), limit: v.number() },
  returns: v.array(vOutboxEntry),
  handler: (ctx, input) => claimOutbox(ctx, input),
});

/** Bounded so one call stays one small transaction; the adapter splits longer lists. */
export const markDelivered = serviceMutation({
  args: { jobIds: v.array(v.string()), now: v.number() },
  returns: v.null(),
  handler: async (ctx, { jobIds, now }) => {
    if (jobIds.length > 100) throw new Error("markDelivered takes at most 100 jobs per call");
    await markOutboxDelivered(ctx, jobIds, now);
    return null;
  },
});

export const get = serviceQuery({
  args: { jobId: v.string() },
  returns: nullable(vOutboxEntry),
  handler: async (ctx, { jobId }) => {
    const row = await outboxRow(ctx, jobId);
    return row ? toOutboxEntry(row) : null;
  },
});
