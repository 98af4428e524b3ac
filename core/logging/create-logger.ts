import pino, { type Logger } from "pino";
import PinoPretty from "pino-pretty";
import { MIGHT_HOLD_SECRET, redactSecretKeys, scrubString } from "./scrub-secrets.ts";
import { maskSecretValues } from "./secret-values.ts";

export type { Logger };

export interface LoggerOptions {
  level: string;
  format: "auto" | "json" | "pretty";
  /** Where lines go; stderr by default so stdout stays for results. */
  destination?: NodeJS.WritableStream;
}

/**
 * Scrubs every argument of a log call. pino copies an Error's message into `msg` after this
 * hook runs (for `log.error(err)` and `log.error({ err })`), so that message is made explicit
 * here, where it can be scrubbed.
 */
function scrubArgs(args: unknown[]): unknown[] {
  let [first, ...rest] = args;
  if (first instanceof Error) {
    if (typeof rest[0] !== "string") rest = [first.message, ...rest];
    first = { err: first };
  } else if (first !== null && typeof first === "object" && typeof rest[0] !== "string") {
    const obj = first as { msg?: unknown; err?: unknown };
    if (obj.msg === undefined && obj.err instanceof Error) rest = [obj.err.message, ...rest];
  }
  // The first object becomes the line's fields (scrubbed by formatters.log); later arguments
  // are interpolated into the message (%s, %o, %j), so they are scrubbed here.
  // Strings are left to the line pass (scrubJsonLine), which sees everything these become.
  return [first, ...rest.map((a) => redactSecretKeys(a))];
}

const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * Scrubs each string inside a finished JSON line, on its decoded text, so that masking can
 * neither break the line's structure nor miss a token hidden behind an escape like "\n".
 * Most lines hold no escape and nothing token-shaped: for them this is two regex scans.
 */
export function scrubJsonLine(raw: string): string {
  // Configured values are masked in their raw and JSON-escaped forms alike (secret-values.ts).
  const line = maskSecretValues(raw);
  if (!line.includes("\\") && !MIGHT_HOLD_SECRET.test(line)) return line;
  return line.replace(JSON_STRING, (literal) => {
    // Without an escape the literal reads as it is written: a cheap test before any decoding.
    if (!literal.includes("\\") && !MIGHT_HOLD_SECRET.test(literal)) return literal;
    const text = JSON.parse(literal) as string;
    const scrubbed = scrubString(text);
    return scrubbed === text ? literal : JSON.stringify(scrubbed);
  });
}

const REDACT_PATHS = [
  "AWSAccessKeyId",
  "err.AWSAccessKeyId",
  "err.cause.AWSAccessKeyId",
  "err.$response",
  "err.cause.$response",
];

/** JSON in production, pretty in a terminal, always to stderr, always scrubbed. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const isTty = (destination as { isTTY?: boolean }).isTTY === true;
  const pretty = options.format === "pretty" || (options.format === "auto" && destination === process.stderr && isTty);
  const stream = pretty
    ? // pino-pretty as a stream (not a worker transport) keeps ordering with our own output.
      // A caller's destination is honoured; the default stays fd 2 (pino-pretty must not end process.stderr).
      PinoPretty({ destination: options.destination ?? 2, colorize: isTty, translateTime: "HH:MM:ss", ignore: "pid,hostname" })
    : destination;
  const logger = pino(
    {
      level: options.level,
      base: undefined,
      // Known paths whose whole value is secret or raw: the AWS SDK's error fields (the access key
      // id S3 quotes back when it refuses a key) and the raw HTTP response some SDK errors carry.
      redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
      // formatters.log already turned errors into plain scrubbed objects; pino's own err
      // serializer would re-wrap them (and call every error "Object").
      serializers: { err: (value: unknown) => value },
      formatters: {
        log: (obj) => redactSecretKeys(obj) as Record<string, unknown>,
        bindings: (bindings) => redactSecretKeys(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, scrubArgs(args) as Parameters<typeof method>);
        },
        // Last line of defence: token shapes and secret URL parts anywhere in the finished line.
        streamWrite: scrubJsonLine,
      },
    },
    stream as pino.DestinationStream,
  );
  // pino resets the bindings formatter for child loggers, so their bindings are scrubbed here.
  // Children inherit these methods from the root (pino creates them with Object.create).
  const { child, setBindings } = logger;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecretKeys(bindings) as pino.Bindings, childOptions);
  } as Logger["child"];
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactSecretKeys(bindings) as pino.Bindings);
  };
  return logger;
}
