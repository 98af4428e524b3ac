import { ConfigError, loadConfig, readEnvFiles } from "../core/config/load-config.ts";
import { detectInputMode } from "./console/input-mode.ts";
import { runConsole } from "./console/run-console.ts";
import { startProduct } from "./start-product.ts";

/**
 * `npm start`: parse the configuration once, start the product, then either run the console
 * (no platform credentials, or --console, and something on stdin) or stay up headless until
 * SIGTERM/SIGINT.
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig({ ...readEnvFiles(process.cwd()), ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const product = await startProduct(config);
  const { logger } = product;
  const platforms = Boolean(config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY || config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  const input = detectInputMode();
  const consoleOn = input !== "none" && (process.argv.includes("--console") || !platforms);
  const frontEnds = [consoleOn && "console", ...product.frontEnds, "http"].filter(Boolean);
  logger.info({ frontEnds, workers: config.WORKERS, url: product.publicUrl }, `front ends on: ${frontEnds.join(", ")}`);

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
