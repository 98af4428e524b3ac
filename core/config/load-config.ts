import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseEnv } from "node:util";
import type { ProviderId } from "../domain/models.ts";
import { CodedError } from "../domain/errors.ts";
import { scrubString } from "../logging/scrub-secrets.ts";
import { setSecretValues } from "../logging/secret-values.ts";
import { configSchema, type RawConfig } from "./schema.ts";

export interface Config extends RawConfig {
  store: "sqlite" | "convex";
  storage: "local" | "s3";
  /** Providers with credentials, in the order that picks the default model. */
  providers: ProviderId[];
}

/** Thrown with every problem found, each naming the variable and how to fix it. */
export class ConfigError extends CodedError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super("CONFIG_INVALID", `Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

/** Reads `.env` then `.env.local` from `cwd`; real environment variables win over both. */
export function readEnvFiles(cwd: string): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const name of [".env", ".env.local"]) {
    const path = resolve(cwd, name);
    if (existsSync(path)) Object.assign(merged, parseEnv(readFileSync(path, "utf8")));
  }
  return merged;
}

function coherence(c: RawConfig): string[] {
  const problems: string[] = [];
  const need = (cond: boolean, msg: string) => cond || problems.push(msg);
  need(
    !(c.SLACK_BOT_TOKEN && !c.SLACK_SIGNING_SECRET),
    "SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET: set SLACK_SIGNING_SECRET (Slack app > Basic Information > Signing Secret).",
  );
  need(
    !(c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN && !c.SLACK_CLIENT_ID),
    "SLACK_APP_TOKEN (Socket Mode) is set without SLACK_BOT_TOKEN: set SLACK_BOT_TOKEN too.",
  );
  need(
    !(c.SLACK_APP_TOKEN && !c.SLACK_APP_TOKEN.startsWith("xapp-")),
    "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Slack app > Basic Information > App-Level Tokens).",
  );
  const oauth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  need(
    oauth.every(Boolean) || oauth.every((v) => !v),
    "Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together: set all three or none.",
  );
  need(
    !(c.SLACK_CLIENT_ID && !c.PIXORLY_ENCRYPTION_KEY),
    "Slack OAuth stores bot tokens encrypted: set PIXORLY_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`).",
  );
  need(
    !(c.SLACK_CLIENT_ID && !c.SLACK_SIGNING_SECRET),
    "Slack OAuth is set without SLACK_SIGNING_SECRET: set SLACK_SIGNING_SECRET.",
  );
  need(
    !(c.PIXORLY_ENCRYPTION_KEY && Buffer.from(c.PIXORLY_ENCRYPTION_KEY, "base64").length !== 32),
    "PIXORLY_ENCRYPTION_KEY must be 32 bytes in base64: generate one with `openssl rand -base64 32`.",
  );
  need(
    !(c.DISCORD_PUBLIC_KEY && !c.DISCORD_APPLICATION_ID),
    "DISCORD_PUBLIC_KEY is set without DISCORD_APPLICATION_ID: set DISCORD_APPLICATION_ID (developer portal > General Information).",
  );
  need(
    !(c.STORE === "convex" && !c.CONVEX_URL),
    "STORE=convex needs CONVEX_URL: set it to your deployment URL (https://<name>.convex.cloud).",
  );
  need(
    !(c.CONVEX_URL && !c.PIXORLY_SERVICE_SECRET),
    "CONVEX_URL is set without PIXORLY_SERVICE_SECRET: set the same secret in the Convex dashboard's environment and here.",
  );
  need(!(c.STORAGE === "s3" && !c.S3_BUCKET), "STORAGE=s3 needs S3_BUCKET: set the bucket name.");
  need(
    Boolean(c.CLOUDFRONT_KEY_PAIR_ID) === Boolean(c.CLOUDFRONT_PRIVATE_KEY),
    "CloudFront signed URLs need CLOUDFRONT_KEY_PAIR_ID and CLOUDFRONT_PRIVATE_KEY together: set both or neither.",
  );
  need(
    !(c.CLOUDFRONT_KEY_PAIR_ID && !c.CLOUDFRONT_DOMAIN),
    "CLOUDFRONT_KEY_PAIR_ID is set without CLOUDFRONT_DOMAIN: set CLOUDFRONT_DOMAIN to the distribution's domain name.",
  );
  need(
    !(c.LOCAL_PROVIDER === "off" && !c.OPENROUTER_API_KEY && !c.OPENAI_API_KEY && !c.SD_WEBUI_URL),
    "LOCAL_PROVIDER=off leaves no image provider: set OPENROUTER_API_KEY, OPENAI_API_KEY or SD_WEBUI_URL, or turn the local renderer back on.",
  );
  return problems;
}

/** Parses the environment once; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // First, so that even the problems reported below mask the configured secrets by value.
  setSecretValues(env);
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? "environment");
        // The value is echoed to help, but this message is logged: mask any secret inside it.
        return `${name}=${JSON.stringify(scrubString(env[name] ?? ""))}: ${i.message}. Fix or unset ${name} (see README, Configuration).`;
      }),
    );
  }
  const c = parsed.data;
  const problems = coherence(c);
  if (problems.length) throw new ConfigError(problems);

  const providers: ProviderId[] = [];
  if (c.OPENROUTER_API_KEY) providers.push("openrouter");
  if (c.OPENAI_API_KEY) providers.push("openai");
  if (c.SD_WEBUI_URL) providers.push("sd-webui");
  // With a real provider configured the local renderer is offered only when asked for.
  if (c.LOCAL_PROVIDER === "on" || (c.LOCAL_PROVIDER === "auto" && providers.length === 0)) providers.push("local");

  return {
    ...c,
    store: c.STORE ?? (c.CONVEX_URL ? "convex" : "sqlite"),
    storage: c.STORAGE ?? (c.S3_BUCKET ? "s3" : "local"),
    providers,
  };
}

/** PUBLIC_URL, or http://localhost:<port> once the server knows its port (PORT=0 picks one). */
export function publicUrlFor(config: Pick<Config, "PUBLIC_URL">, port: number): string {
  return (config.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
}
