import type { AdminStore } from "../../ports/store-admin.ts";
import { createApiKeyStore } from "./api-key-store.ts";
import { createCollectionStore } from "./collection-store.ts";
import { serviceCaller, type ConvexClientLike } from "./convex-caller.ts";
import { createCreditStore } from "./credit-store.ts";
import { createImageStore } from "./image-store.ts";
import { createJobStore } from "./job-store.ts";
import { createConvexStoreAdmin } from "./store-admin.ts";
import { createUsageStore } from "./usage-store.ts";
import { createWorkspaceStore } from "./workspace-store.ts";

/**
 * The Store port on Convex. Every method is one Convex query or mutation (one transaction),
 * called with the service secret; nothing here holds state, so any number of processes can
 * share one deployment. `client` is a ConvexHttpClient in production, a convex-test instance
 * in tests.
 */
export function createConvexStore(options: { client: ConvexClientLike; serviceSecret: string }): AdminStore {
  const convex = serviceCaller(options.client, options.serviceSecret);
  return {
    workspaces: createWorkspaceStore(convex),
    credits: createCreditStore(convex),
    jobs: createJobStore(convex),
    images: createImageStore(convex),
    collections: createCollectionStore(convex),
    usage: createUsageStore(convex),
    apiKeys: createApiKeyStore(convex),
    admin: createConvexStoreAdmin(convex),
    // The HTTP client holds no connection; the owner of a ConvexClient closes it.
    close: async () => {},
  };
}
