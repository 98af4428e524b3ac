import type { AdminStore } from "../../ports/store-admin.ts";
import { createApiKeyStore } from "./api-key-store.ts";
import { createCollectionStore } from "./collection-store.ts";
import { serviceCaller, type ConvexClientLike } from "./convex-caller.ts";
import { createCreditStore } from "./credit-store.ts";
import { createImageStore } from "./image-store.ts";
import { createJobStore } from "./job-store.ts";
import { createLinkStore } from "./link-store.ts";
import { createConvexRateLimitStore } from "./rate-limit-store.ts";
import { createConvexWebhookOutbox } from "./webhook-outbox.ts";
import { createOutboxStore } from "./outbox-store.ts";
import { createQueueWatch, type QueueWatchOptions } from "./queue-watch.ts";
import { createConvexStoreAdmin } from "./store-admin.ts";
import { createUsageStore } from "./usage-store.ts";
import { createWorkspaceStore } from "./workspace-store.ts";

/**
 * The Store port on Convex. Every method is one Convex query or mutation (one transaction),
 * called with the service secret; nothing here holds state, so any number of processes can
 * share one deployment. `client` is a ConvexHttpClient in production, a convex-test instance
 * in tests. With `subscribe` the store also offers watchQueue: `{ url }` (the deployment's
 * URL) subscribes over a ConvexClient WebSocket, opened on the first watch and closed by
 * close(); `{ pollIntervalMs }` polls the same query instead (convex-test has no subscriptions).
 */
export function createConvexStore(options: { client: ConvexClientLike; serviceSecret: string; subscribe?: QueueWatchOptions }): AdminStore {
  const convex = serviceCaller(options.client, options.serviceSecret);
  const watch = options.subscribe ? createQueueWatch(convex, options.serviceSecret, options.subscribe) : null;
  return {
    workspaces: createWorkspaceStore(convex),
    credits: createCreditStore(convex),
    jobs: createJobStore(convex),
    images: createImageStore(convex),
    collections: createCollectionStore(convex),
    usage: createUsageStore(convex),
    apiKeys: createApiKeyStore(convex),
    outbox: createOutboxStore(convex),
    links: createLinkStore(convex),
    admin: createConvexStoreAdmin(convex),
    rateLimits: createConvexRateLimitStore(convex),
    webhookOutbox: createConvexWebhookOutbox(convex),
    ...(watch && { watchQueue: (onChange: () => void) => watch.watchQueue(onChange) }),
    // The HTTP client holds no connection; the subscription's WebSocket client is ours to close.
    close: async () => {
      await watch?.close();
    },
  };
}
