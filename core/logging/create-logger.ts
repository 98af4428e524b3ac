import pino, { type Logger } from "pino";
import PinoPretty from "pino-pretty";
import { scrubSecrets, scrubString } from "./scrub-secrets.ts";

export type { Logger };

export interface LoggerOptions {
  level: string;
  format: "auto" | "json" | "pretty";
  /** Where lines go; stderr by default so stdout stays for results. */
  destination?: NodeJS.WritableStream;
}

/** JSON in production, pretty in a terminal, always to stderr, always scrubbed. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const pretty =
    options.format === "pretty" || (options.format === "auto" && destination === process.stderr && process.stderr.isTTY);
  const stream = pretty
    ? // pino-pretty as a stream (not a worker transport) keeps ordering with our own output.
      PinoPretty({ destination: 2, colorize: true, translateTime: "HH:MM:ss", ignore: "pid,hostname" })
    : destination;
  return pino(
    {
      level: options.level,
      base: undefined,
      formatters: { log: (obj) => scrubSecrets(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? scrubString(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    stream as pino.DestinationStream,
  );
}

