import { api } from "../../../convex/_generated/api.js";
import type { LinkStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createLinkStore(convex: ServiceCaller): LinkStore {
  return {
    createCode: (input) => convex.mutation(api.links.createLinkCode, input),
    redeem: (input) => convex.mutation(api.links.redeemLinkCode, input),
    unlink: (input) => convex.mutation(api.links.unlinkWorkspace, input),
    active: (workspaceId) => convex.query(api.links.active, { workspaceId }),
    list: () => convex.query(api.links.list, {}),
  };
}
