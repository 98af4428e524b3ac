import { api } from "../../../convex/_generated/api.js";
import type { InstallationKey, InstallationStore } from "../../ports/installation-store.ts";
import { serviceCaller, type ConvexClientLike, type ServiceCaller } from "./convex-caller.ts";

/** Exactly the key's fields: Convex refuses arguments its validators do not name. */
const keyOf = ({ platform, teamId, enterpriseId }: InstallationKey): InstallationKey => ({ platform, teamId, enterpriseId });

export function createInstallationStore(convex: ServiceCaller): InstallationStore {
  return {
    save: async (installation) => {
      const { workspaceId, appId, botUserId, botId, botScopes, encryptedBotToken, installedByUserId, createdAt, updatedAt } = installation;
      await convex.mutation(api.installations.save, {
        ...keyOf(installation),
        workspaceId,
        appId,
        botUserId,
        botId,
        botScopes,
        encryptedBotToken,
        installedByUserId,
        createdAt,
        updatedAt,
      });
    },
    find: (query) => convex.query(api.installations.find, keyOf(query)),
    delete: (key) => convex.mutation(api.installations.remove, keyOf(key)),
    // Stateless HTTP calls: nothing to release.
    close: async () => {},
  };
}

/**
 * The InstallationStore port on Convex (convex/installations.ts), beside the Store: each method
 * is one query or mutation called with the service secret. `client` is a ConvexHttpClient in
 * production (connectConvexInstallationStore), a convex-test instance in tests.
 */
export function createConvexInstallationStore(options: { client: ConvexClientLike; serviceSecret: string }): InstallationStore {
  return createInstallationStore(serviceCaller(options.client, options.serviceSecret));
}
