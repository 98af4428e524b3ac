import type { ParseArgsConfig } from "node:util";
import type { z } from "zod";
import type { Config } from "../../core/config/load-config.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";

/** What a command prints: `text` for people, `json` with --json for scripts. */
export interface CommandOutput {
  text: string;
  json: unknown;
}

/** Opened on first use, so commands that need no store (backup) never open one. */
export interface AdminContext {
  config: Config;
  clock: Clock;
  store(): Promise<AdminStore>;
  storage(): Promise<ObjectStorage>;
  /** Releases whatever store this run opened, so a command may replace the file under it (restore). */
  closeStore(): Promise<void>;
}

/**
 * One `npm run admin -- <name>` command. Its positionals and options are read by
 * node:util parseArgs, named, and validated by `schema`, which yields the command's arguments.
 */
export interface AdminCommand<A> {
  name: string;
  /** What follows the name, e.g. "<workspace> <credits> --reason <text>". */
  usage: string;
  summary: string;
  /** Positional argument names in order; a trailing "?" makes one optional. */
  positionals: readonly string[];
  /** Options besides --json (every command has it). */
  options?: NonNullable<ParseArgsConfig["options"]>;
  schema: z.ZodType<A>;
  // Method syntax: a registry of commands with different argument types stays assignable.
  run(ctx: AdminContext, args: A): Promise<CommandOutput>;
}

/** Bad usage: exit code 2, with the command's usage line. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
