import type { WebhookDelivery } from "../../core/ports/webhook-outbox.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { QueryCtx } from "../_generated/server.js";

export async function deliveryOf(ctx: QueryCtx, eventId: string): Promise<Doc<"webhookDeliveries"> | null> {
  return ctx.db
    .query("webhookDeliveries")
    .withIndex("by_event_id", (q) => q.eq("eventId", eventId))
    .unique();
}

export function toDelivery(doc: Doc<"webhookDeliveries">): WebhookDelivery {
  const { _id, _creationTime, ...delivery } = doc;
  return delivery;
}
