import { v } from "convex/values";
import { isClaimable, leased, openedDelivery, settled } from "../core/domain/webhook-delivery.ts";
import { deliveryOf, toDelivery } from "./model/webhook-deliveries.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import schema from "./schema.ts";
import { nullable } from "./model/validators.ts";

/** Webhook delivery state shared by replicas (core/ports/webhook-outbox.ts); rules in core/domain/webhook-delivery.ts. */

/** A delivery as the WebhookOutbox port sees it: the table's own fields. */
const vDelivery = schema.tables.webhookDeliveries.validator;

const vOutcome = v.union(
  v.object({ kind: v.literal("delivered") }),
  v.object({ kind: v.literal("retry"), at: v.number(), error: v.string() }),
  v.object({ kind: v.literal("failed"), error: v.string() }),
);

/** How many due deliveries claimDue looks past (leased by live holders) before saying none. */
const CLAIM_SCAN = 32;

export const open = serviceMutation({
  args: {
    delivery: v.object({ eventId: v.string(), jobId: v.string(), workspaceId: v.string(), keyId: v.string(), url: v.string(), body: v.string() }),
    workerId: v.string(),
    now: v.number(),
    leaseMs: v.number(),
  },
  returns: nullable(vDelivery),
  handler: async (ctx, { delivery, workerId, now, leaseMs }) => {
    if (await deliveryOf(ctx, delivery.eventId)) return null;
    const opened = openedDelivery(delivery, workerId, now, leaseMs);
    await ctx.db.insert("webhookDeliveries", opened);
    return opened;
  },
});

export const claimDue = serviceMutation({
  args: { workerId: v.string(), now: v.number(), leaseMs: v.number() },
  returns: nullable(vDelivery),
  handler: async (ctx, { workerId, now, leaseMs }) => {
    const due = ctx.db
      .query("webhookDeliveries")
      .withIndex("by_state_next_attempt", (q) => q.eq("state", "pending").lte("nextAttemptAt", now));
    let looked = 0;
    for await (const doc of due) {
      if (++looked > CLAIM_SCAN) break;
      const delivery = toDelivery(doc);
      if (!isClaimable(delivery, now)) continue;
      const next = leased(delivery, workerId, now, leaseMs);
      await ctx.db.patch(doc._id, next);
      return next;
    }
    return null;
  },
});

export const settle = serviceMutation({
  args: { eventId: v.string(), workerId: v.string(), outcome: vOutcome, now: v.number(), leaseMs: v.number() },
  returns: v.boolean(),
  handler: async (ctx, { eventId, workerId, outcome, now, leaseMs }) => {
    const doc = await deliveryOf(ctx, eventId);
    const next = doc && settled(toDelivery(doc), workerId, outcome, now, leaseMs);
    if (!doc || !next) return false;
    await ctx.db.patch(doc._id, next);
    return true;
  },
});

export const get = serviceQuery({
  args: { eventId: v.string() },
  returns: nullable(vDelivery),
  handler: async (ctx, { eventId }) => {
    const doc = await deliveryOf(ctx, eventId);
    return doc && toDelivery(doc);
  },
});
