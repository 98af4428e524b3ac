import { join } from "node:path";
import { describe } from "vitest";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { createConvexInstallationStore } from "../../core/stores/convex/installation-store.ts";
import { createSqliteInstallationStore } from "../../core/stores/sqlite/installation-store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { installationStoreCases } from "../contract/installation-store-contract.ts";
import { makeConvex, SERVICE_SECRET } from "../convex/harness.ts";
import { tempDir } from "../support/temp-dir.ts";

describe("SQLite installation store", () => {
  installationStoreCases(async () => {
    const dir = tempDir("pixorly-installations-");
    const file = join(dir.path, "pixorly.db");
    // The product's Store opens the file too: both connections migrate it, in either order.
    const main = createSqliteStore({ file });
    const store = createSqliteInstallationStore({ file });
    return {
      store,
      done: async () => {
        await store.close();
        await main.close();
        dir.remove();
      },
    };
  });
});

describe("Convex installation store (convex-test)", () => {
  // The adapter production builds on ConvexHttpClient, on a fresh deployment per case.
  installationStoreCases(async () => ({
    store: createConvexInstallationStore({ client: makeConvex() as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET }),
    done: async () => {},
  }));
});
