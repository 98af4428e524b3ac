import { ConvexHttpClient } from "convex/browser";
import type { InstallationStore } from "../../ports/installation-store.ts";
import type { AdminStore } from "../../ports/store-admin.ts";
import { createConvexStore } from "./create-convex-store.ts";
import { createConvexInstallationStore } from "./installation-store.ts";

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

/** Slack OAuth installations on the same deployment (convex/installations.ts), over HTTP. */
export function connectConvexInstallationStore(options: { url: string; serviceSecret: string }): InstallationStore {
  return createConvexInstallationStore({ client: new ConvexHttpClient(options.url), serviceSecret: options.serviceSecret });
}
