import { ConfigError } from "../core/config/load-config.ts";

/**
 * What one process runs, so front ends and workers scale separately on a shared (Convex) store:
 * - all: front ends, HTTP and workers (the default; one machine runs everything);
 * - bots: front ends and HTTP, no workers;
 * - worker: workers, and HTTP for /healthz and /metrics only; no console, no platform front ends.
 */
export const ROLES = ["all", "bots", "worker"] as const;
export type Role = (typeof ROLES)[number];

/** Reads `--role=<role>` or `--role <role>` from the arguments; absent means "all". */
export function parseRole(args: readonly string[]): Role {
  const isRole = (a: string) => a === "--role" || a.startsWith("--role=");
  const at = args.findIndex(isRole);
  if (at === -1) return "all";
  if (args.findLastIndex(isRole) !== at) throw new ConfigError(["--role is given twice: give it once"]);
  const value = args[at] === "--role" ? args[at + 1] : args[at]!.slice("--role=".length);
  if ((ROLES as readonly string[]).includes(value ?? "")) return value as Role;
  throw new ConfigError([`--role="${value ?? ""}": must be one of ${ROLES.join(", ")}, e.g. npm start -- --role=worker`]);
}
