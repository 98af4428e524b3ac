import type { Config } from "../../../core/config/load-config.ts";
import { UsageError } from "../admin-command.ts";

/** backup and restore copy the SQLite file; a Convex deployment has its own snapshots. */
export function requireSqlite(config: Config, command: string): void {
  if (config.store !== "sqlite") {
    throw new UsageError(
      `${command} works on the SQLite store, and this configuration uses Convex. Use Convex's snapshots (npx convex export / npx convex import), or this command line's export and import.`,
    );
  }
}
