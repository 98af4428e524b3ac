import { api } from "../../../convex/_generated/api.js";
import type { ApiKeyStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createApiKeyStore(convex: ServiceCaller): ApiKeyStore {
  return {
    create: (key) => convex.mutation(api.apiKeys.create, key),
    findByHash: (keyHash) => convex.query(api.apiKeys.findByHash, { keyHash }),
    list: (workspaceId) => convex.query(api.apiKeys.list, { workspaceId }),
    revoke: (id, now) => convex.mutation(api.apiKeys.revoke, { id, now }),
    touch: async (id, now) => {
      await convex.mutation(api.apiKeys.touch, { id, now });
    },
  };
}
