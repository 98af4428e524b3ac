import { inspect } from "node:util";
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../core/logging/create-logger.ts";

type Level = "debug" | "info" | "warn" | "error";

const LEVELS: Record<string, LogLevel> = { trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN };

/**
 * Bolt's, the Web API client's and Socket Mode's logs into the product's (scrubbing) logger.
 * The level stays LOG_LEVEL's: Bolt's setLevel calls are ignored.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const write =
    (level: Level) =>
    (...parts: unknown[]): void => {
      const [first, ...rest] = parts;
      if (first instanceof Error) return logger[level]({ err: first }, rest.map(text).join(" ") || first.message);
      logger[level](parts.map(text).join(" "));
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => undefined,
    getLevel: () => LEVELS[logger.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}

const text = (part: unknown) => (typeof part === "string" ? part : inspect(part, { depth: 3, breakLength: Infinity }));
