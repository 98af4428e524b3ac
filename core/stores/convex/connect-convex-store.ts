import { ConvexHttpClient } from "convex/browser";
import type { AdminStore } from "../../ports/store-admin.ts";
import { createConvexStore } from "./create-convex-store.ts";

/**
 * The Convex store for a deployment URL: HTTP calls for every store method and a WebSocket
 * subscription (opened only when workers start watching) that wakes them on new work. Built
 * here so that nothing outside core/stores/convex talks to Convex.
 */
export function connectConvexStore(options: { url: string; serviceSecret: string; onSubscriptionError?: (error: unknown) => void }): AdminStore {
  return createConvexStore({
    client: new ConvexHttpClient(options.url),
    serviceSecret: options.serviceSecret,
    subscribe: { url: options.url, onError: options.onSubscriptionError },
  });
}
