import { z } from "zod";
import { PLAN_IDS } from "../domain/plans.ts";

/**
 * The one configuration schema. Every variable is listed in the README's configuration table;
 * defaults live here and nowhere else.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** `NAME=` (empty, as in a copied .env.example) means "use the default", as if it were unset. */
const blankIsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().trim().pipe(z.enum(values, { error: `must be one of ${values.join(", ")}` }));

const bool = (fallback: boolean) =>
  blankIsUnset(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" }))
      .optional()
      .transform((v) => (v === undefined ? fallback : ["true", "1", "yes", "on"].includes(v))),
  );

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  blankIsUnset(
    z
      .string()
      .trim()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .default(fallback),
  );

const httpUrl = z
  .string()
  .trim()
  .url("must be a full URL such as https://example.com")
  .refine((v) => /^https?:\/\//i.test(v), "must start with http:// or https://");

const url = blankIsUnset(httpUrl.optional());

const urlWithDefault = (fallback: string) => blankIsUnset(httpUrl.default(fallback));

const withDefault = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  blankIsUnset(oneOf(values).default(fallback));

const optionalOneOf = <const T extends readonly [string, ...string[]]>(values: T) => blankIsUnset(oneOf(values).optional());

export const configSchema = z.object({
  NODE_ENV: withDefault(["development", "production", "test"], "development"),
  LOG_LEVEL: withDefault(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "info"),
  LOG_FORMAT: withDefault(["auto", "json", "pretty"], "auto"),

  PORT: int(3000, 0, 65535),
  HOST: blankIsUnset(z.string().trim().default("0.0.0.0")),
  PUBLIC_URL: url,
  DATA_DIR: blankIsUnset(z.string().trim().default("./data")),

  STORE: optionalOneOf(["sqlite", "convex"]),
  CONVEX_URL: url,
  PIXORLY_SERVICE_SECRET: optionalString,

  STORAGE: optionalOneOf(["local", "s3"]),
  S3_BUCKET: optionalString,
  S3_REGION: blankIsUnset(z.string().trim().default("us-east-1")),
  S3_ENDPOINT: url,
  S3_FORCE_PATH_STYLE: bool(false),
  S3_CHECKSUMS: withDefault(["WHEN_SUPPORTED", "WHEN_REQUIRED"], "WHEN_SUPPORTED"),
  S3_PREFIX: z.string().trim().default("images/"),
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  CLOUDFRONT_DOMAIN: z
    .string()
    .trim()
    .regex(/^([a-z0-9.-]+\.[a-z]{2,})?$/i, "must be a bare host name such as d111111abcdef8.cloudfront.net (no https://)")
    .optional()
    .transform((v) => (v ? v : undefined)),
  SIGNED_URL_TTL_SECONDS: int(7 * 24 * 3600, 60),
  CLOUDFRONT_KEY_PAIR_ID: optionalString,
  CLOUDFRONT_PRIVATE_KEY: optionalString,

  OPENROUTER_API_KEY: optionalString,
  OPENROUTER_BASE_URL: urlWithDefault("https://openrouter.ai/api/v1"),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: urlWithDefault("https://api.openai.com/v1"),
  SD_WEBUI_URL: url,
  LOCAL_PROVIDER: withDefault(["auto", "on", "off"], "auto"),
  MODELS_FILE: optionalString,
  PROVIDER_TIMEOUT_MS: int(120_000, 1_000),
  PROVIDER_CONCURRENCY: int(4, 1, 256),

  WORKERS: bool(true),
  WORKER_CONCURRENCY: int(4, 1, 256),
  LEASE_MS: int(60_000, 1_000),
  MAX_ATTEMPTS: int(3, 1, 20),
  MAX_QUEUE_AGE_MS: int(30 * 60_000, 10_000),
  SHUTDOWN_GRACE_MS: int(25_000, 0),

  DEFAULT_PLAN: withDefault(PLAN_IDS, "FREE"),
  ADMIN_USER_IDS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^(discord|slack|console|clerk):.+$/, "use platform-qualified ids like discord:1234"))),

  CONSOLE_WAIT_MS: int(120_000, 1_000),

  DISCORD_TOKEN: optionalString,
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^([0-9a-fA-F]{64})?$/, "must be the 64 hex characters shown as PUBLIC KEY in the Discord developer portal")
    .optional()
    .transform((v) => (v ? v : undefined)),
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_API_URL: urlWithDefault("https://discord.com/api"),
  DISCORD_GUILD_ID: optionalString,

  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: urlWithDefault("https://slack.com/api/"),
  // Put before every Slack command name ("acme-" gives /acme-imagine), so two installs in one
  // Enterprise Grid org do not collide; bots/slack/slack-command-names.ts applies it.
  SLACK_COMMAND_PREFIX: blankIsUnset(
    z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{0,18}$/, 'must be up to 18 lowercase letters, digits, "-" or "_" (e.g. acme-)')
      .default(""),
  ),
  PIXORLY_ENCRYPTION_KEY: optionalString,

  CLERK_WEBHOOK_SECRET: optionalString,
});

export type RawConfig = z.infer<typeof configSchema>;
