import { api } from "../../../convex/_generated/api.js";
import type { CreditStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createCreditStore(convex: ServiceCaller): CreditStore {
  return {
    append: (input) =>
      convex.mutation(api.credits.append, {
        ...input,
        userId: input.userId ?? null,
        jobId: input.jobId ?? null,
        dedupeKey: input.dedupeKey ?? null,
      }),
    chargeOnce: (input) => convex.mutation(api.credits.chargeOnce, input),
    list: (workspaceId, limit) => convex.query(api.credits.list, { workspaceId, limit }),
    ledgerSum: (workspaceId) => convex.query(api.credits.ledgerSum, { workspaceId }),
    refill: (workspaceId, period, now) => convex.mutation(api.credits.refill, { workspaceId, period, now }),
  };
}
