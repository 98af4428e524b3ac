import { api } from "../../../convex/_generated/api.js";
import type { UsageStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createUsageStore(convex: ServiceCaller): UsageStore {
  return {
    list: (filter) => convex.query(api.usage.list, filter),
    spentOn: (workspaceId, userId, date) => convex.query(api.usage.spentOn, { workspaceId, userId, date }),
  };
}
