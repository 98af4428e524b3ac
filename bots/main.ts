// First: under an unsupported Node this prints one line and exits before anything else loads.
import "./node-version-guard.js";
import { ConfigError, loadConfig, readEnvFiles } from "../core/config/load-config.ts";
import { createLogger } from "../core/logging/create-logger.ts";
import { detectInputMode } from "./console/input-mode.ts";
import { runConsole } from "./console/run-console.ts";
import { parseRole, type Role } from "./parse-role.ts";
import { startProduct } from "./start-product.ts";

/**
 * `npm start [-- --role=all|bots|worker] [-- --console]`: parse the configuration once, start
 * the product, then either run the console (no platform credentials, or --console, and
 * something on stdin; never in the worker role) or stay up headless until SIGTERM/SIGINT.
 */
async function main(): Promise<number> {
  let config;
  let role: Role;
  try {
    role = parseRole(process.argv.slice(2));
    config = loadConfig({ ...readEnvFiles(process.cwd()), ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  // Listen before starting anything, so a signal during start-up still shuts down cleanly.
  let signalled = false;
  const shutdown = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) return;
      signalled = true;
      logger.info({ signal }, "shutting down: no new jobs; finishing or releasing the ones in flight");
      resolve(0);
    };
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
  });

  const product = await startProduct(config, { role, logger });
  const platforms = Boolean(config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY || config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  const input = detectInputMode();
  const consoleOn = role !== "worker" && input !== "none" && (process.argv.includes("--console") || !platforms);
  const frontEnds = [consoleOn && "console", ...product.frontEnds, "http"].filter(Boolean);
  const workers = role !== "bots" && config.WORKERS;
  logger.info({ role, frontEnds, workers, url: product.publicUrl }, `front ends on: ${frontEnds.join(", ")}`);

  const code = consoleOn
    ? await Promise.race([
        runConsole({
          engine: product.engine,
          storage: product.storage,
          input: process.stdin,
          output: process.stdout,
          interactive: input === "terminal",
          waitMs: config.CONSOLE_WAIT_MS,
          logger,
        }),
        shutdown,
      ])
    : await shutdown;
  await product.stop();
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Pixorly failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
