import { api } from "../../../convex/_generated/api.js";
import type { WebhookOutbox } from "../../ports/webhook-outbox.ts";
import type { ServiceCaller } from "./convex-caller.ts";

/** Webhook deliveries in the deployment (convex/webhookDeliveries.ts), shared by every replica. */
export function createConvexWebhookOutbox(convex: ServiceCaller): WebhookOutbox {
  return {
    open: (delivery, workerId, now, leaseMs) => convex.mutation(api.webhookDeliveries.open, { delivery, workerId, now, leaseMs }),
    claimDue: (workerId, now, leaseMs) => convex.mutation(api.webhookDeliveries.claimDue, { workerId, now, leaseMs }),
    settle: (eventId, workerId, outcome, now, leaseMs) => convex.mutation(api.webhookDeliveries.settle, { eventId, workerId, outcome, now, leaseMs }),
    get: (eventId) => convex.query(api.webhookDeliveries.get, { eventId }),
  };
}
