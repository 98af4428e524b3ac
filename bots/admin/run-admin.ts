import { ConfigError, loadConfig, type Config } from "../../core/config/load-config.ts";
import { CodedError } from "../../core/domain/errors.ts";
import { systemClock, type Clock } from "../../core/ports/clock.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import { UsageError, type AdminCommand } from "./admin-command.ts";
import { createAdminContext } from "./admin-context.ts";
import { ADMIN_COMMANDS } from "./commands/index.ts";
import { openStore } from "../open-adapters.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

export interface AdminIo {
  argv: readonly string[];
  /** The environment the configuration is parsed from (main.ts merges the .env files in). */
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  clock?: Clock;
  /** How the configured store is built; tests hand in one on convex-test. */
  openStore?: (config: Config) => AdminStore;
}

const usageLine = (command: AdminCommand<unknown>) => `npm run admin -- ${command.name} ${command.usage}`.trimEnd();

function helpText(): string {
  const lines = ADMIN_COMMANDS.map((command) => `  ${`${command.name} ${command.usage}`.trimEnd()}\n      ${command.summary}`);
  return ["Usage: npm run admin -- <command> [arguments] [--json]", "", "Commands:", ...lines, ""].join("\n");
}

/**
 * `npm run admin -- <command>`: exit code 0 when the command did its work, 2 for bad usage
 * (unknown command or option, invalid argument, invalid configuration), 1 when it failed.
 */
export async function runAdmin(io: AdminIo): Promise<number> {
  const [name, ...rest] = io.argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    (name === undefined ? io.stderr : io.stdout)(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = ADMIN_COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`Unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${usageLine(command)}\n  ${command.summary}\n`);
    return 0;
  }
  let parsed;
  let config;
  try {
    parsed = parseCommandArgs(command, rest);
    config = loadConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) io.stderr(`${error.message}\n`);
    else if (error instanceof UsageError) io.stderr(`admin ${name}: ${error.message}\nusage: ${usageLine(command)}\n`);
    else throw error;
    return 2;
  }

  const context = createAdminContext(config, io.clock ?? systemClock, io.openStore ?? openStore);
  try {
    const output = await command.run(context, parsed.args);
    io.stdout(parsed.json ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`admin ${name}: ${error.message}\n`);
      return 2;
    }
    io.stderr(error instanceof CodedError ? `✗ ${error.message}\n` : `admin ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await context.closeStore();
  }
}
