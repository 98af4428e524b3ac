import { publicUrlFor, type Config } from "../../core/config/load-config.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import type { AdminContext } from "./admin-command.ts";
import { openStorage } from "../open-adapters.ts";

export function createAdminContext(config: Config, clock: Clock, open: (config: Config) => AdminStore): AdminContext {
  let store: AdminStore | undefined;
  let storage: Promise<ObjectStorage> | undefined;
  return {
    config,
    clock,
    store: async () => (store ??= open(config)),
    // Only `forget` deletes objects; no URLs are served from here.
    storage: () => (storage ??= openStorage(config, () => publicUrlFor(config, config.PORT))),
    closeStore: async () => {
      await store?.close();
      store = undefined;
    },
  };
}
