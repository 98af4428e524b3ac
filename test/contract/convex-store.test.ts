// @vitest-environment edge-runtime
import { makeConvexStore } from "../convex/harness.ts";
import { storeContract } from "./store-contract.ts";

// The same adapter code production runs on ConvexHttpClient, on a fresh convex-test deployment per case.
storeContract("convex (convex-test)", async () => ({ store: makeConvexStore(), cleanup: async () => {} }));
