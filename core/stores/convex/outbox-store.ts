import { api } from "../../../convex/_generated/api.js";
import type { OutboxStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

const MARK_BATCH = 100;

export function createOutboxStore(convex: ServiceCaller): OutboxStore {
  return {
    claim: async (input) => (input.platforms.length ? convex.mutation(api.outbox.claim, { ...input, platforms: [...input.platforms] }) : []),
    markDelivered: async (jobIds, now) => {
      for (let i = 0; i < jobIds.length; i += MARK_BATCH) {
        await convex.mutation(api.outbox.markDelivered, { jobIds: jobIds.slice(i, i + MARK_BATCH), now });
      }
    },
    get: (jobId) => convex.query(api.outbox.get, { jobId }),
  };
}
