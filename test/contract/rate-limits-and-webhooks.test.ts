// @vitest-environment edge-runtime
import { createMemoryRateLimitStore } from "../../core/engine/memory-rate-limit-store.ts";
import { createMemoryWebhookOutbox } from "../../core/engine/memory-webhook-outbox.ts";
import { makeConvexStore } from "../convex/harness.ts";
import { rateLimitStoreContract } from "./rate-limit-store-contract.ts";
import { webhookOutboxContract } from "./webhook-outbox-contract.ts";

// In process memory: what a SQLite deployment uses (the SQLite store has neither).
rateLimitStoreContract("memory (SQLite deployments)", createMemoryRateLimitStore);
webhookOutboxContract("memory (SQLite deployments)", createMemoryWebhookOutbox);

// The Convex store's tables, through the same adapter code production runs.
rateLimitStoreContract("convex (convex-test)", () => makeConvexStore().rateLimits!);
webhookOutboxContract("convex (convex-test)", () => makeConvexStore().webhookOutbox!);
