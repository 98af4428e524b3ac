import { cronJobs } from "convex/server";
import { internal } from "./_generated/api.js";

/**
 * Housekeeping that must happen even when no bot process is running its own janitor. All are
 * idempotent, so running beside the engine's Janitor is harmless.
 */
const crons = cronJobs();

crons.interval("requeue expired leases, fail stale jobs", { minutes: 1 }, internal.jobs.janitor, {});
crons.interval("re-copy plans and NSFW policies to waiting queues", { minutes: 1 }, internal.jobs.resyncQueuePolicies, {});
crons.monthly("monthly credit refill", { day: 1, hourUTC: 0, minuteUTC: 5 }, internal.credits.refillAll, { cursor: null });

export default crons;
