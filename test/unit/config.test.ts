import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, publicUrlFor, readEnvFiles, type Config } from "../../core/config/load-config.ts";
import { CodedError } from "../../core/domain/errors.ts";
import { tempDir } from "../support/temp-dir.ts";

type Env = Record<string, string | undefined>;

const DISCORD_KEY = "a".repeat(64);
const ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

function configError(env: Env): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("loadConfig: defaults", () => {
  it("runs with an empty environment: local everything", () => {
    const c: Config = loadConfig({});
    expect(c).toMatchObject({
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      LOG_FORMAT: "auto",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "./data",
      store: "sqlite",
      storage: "local",
      providers: ["local"],
      LOCAL_PROVIDER: "auto",
      S3_REGION: "us-east-1",
      S3_PREFIX: "images/",
      S3_FORCE_PATH_STYLE: false,
      S3_CHECKSUMS: "WHEN_SUPPORTED",
      SIGNED_URL_TTL_SECONDS: 604_800,
      OPENROUTER_BASE_URL: "https://openrouter.ai/api/v1",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      DISCORD_API_URL: "https://discord.com/api",
      SLACK_API_URL: "https://slack.com/api/",
      PROVIDER_TIMEOUT_MS: 120_000,
      PROVIDER_CONCURRENCY: 4,
      WORKERS: true,
      WORKER_CONCURRENCY: 4,
      LEASE_MS: 60_000,
      MAX_ATTEMPTS: 3,
      MAX_QUEUE_AGE_MS: 1_800_000,
      SHUTDOWN_GRACE_MS: 25_000,
      DEFAULT_PLAN: "FREE",
      ADMIN_USER_IDS: [],
      CONSOLE_WAIT_MS: 120_000,
    });
    expect(c.PUBLIC_URL).toBeUndefined();
    expect(c.CONVEX_URL).toBeUndefined();
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it("treats empty values (NAME= in a copied .env) as unset", () => {
    const blank = Object.fromEntries(
      ["PORT", "HOST", "DATA_DIR", "STORE", "STORAGE", "LOG_LEVEL", "LOG_FORMAT", "NODE_ENV", "WORKERS", "MAX_ATTEMPTS", "PUBLIC_URL", "CONVEX_URL",
        "SLACK_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "LOCAL_PROVIDER", "DEFAULT_PLAN", "OPENAI_BASE_URL", "CLOUDFRONT_DOMAIN", "ADMIN_USER_IDS"].map((k) => [k, k === "PORT" ? "  " : ""]),
    );
    expect(loadConfig(blank)).toMatchObject({
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: "./data",
      store: "sqlite",
      storage: "local",
      LOG_LEVEL: "info",
      WORKERS: true,
      MAX_ATTEMPTS: 3,
      providers: ["local"],
      DEFAULT_PLAN: "FREE",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      ADMIN_USER_IDS: [],
    });
  });

  it("keeps an explicitly empty S3_PREFIX (store at the bucket root)", () => {
    expect(loadConfig({ S3_PREFIX: "" }).S3_PREFIX).toBe("");
  });
});

describe("loadConfig: values", () => {
  it("allows PORT=0 (pick a free port) and the whole port range", () => {
    expect(loadConfig({ PORT: "0" }).PORT).toBe(0);
    expect(loadConfig({ PORT: "65535" }).PORT).toBe(65535);
    expect(loadConfig({ PORT: " 8080 " }).PORT).toBe(8080);
  });

  it.each([
    ["abc", "must be a whole number from 0 to 65535"],
    ["-1", "must be a whole number from 0 to 65535"],
    ["80.5", "must be a whole number from 0 to 65535"],
    ["0x50", "must be a whole number from 0 to 65535"],
    ["65536", "must be at most 65535"],
  ])("rejects PORT=%s, naming it and the fix", (value, reason) => {
    const error = configError({ PORT: value });
    expect(error.problems).toEqual([`PORT=${JSON.stringify(value)}: ${reason}. Fix or unset PORT (see README, Configuration).`]);
    expect(error.message).toBe(`Configuration is invalid:\n  - ${error.problems[0]}`);
  });

  it("is a coded error", () => {
    const error = configError({ PORT: "abc" });
    expect(error).toBeInstanceOf(CodedError);
    expect(error.code).toBe("CONFIG_INVALID");
  });

  it("rejects LOG_LEVEL=loud, listing the levels", () => {
    expect(configError({ LOG_LEVEL: "loud" }).problems).toEqual([
      'LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent. Fix or unset LOG_LEVEL (see README, Configuration).',
    ]);
  });

  it("rejects a DISCORD_PUBLIC_KEY that is not 64 hex characters, saying where to find it", () => {
    expect(configError({ DISCORD_PUBLIC_KEY: "xyz" }).problems).toEqual([
      'DISCORD_PUBLIC_KEY="xyz": must be the 64 hex characters shown as PUBLIC KEY in the Discord developer portal. Fix or unset DISCORD_PUBLIC_KEY (see README, Configuration).',
    ]);
    expect(loadConfig({ DISCORD_PUBLIC_KEY: "AbC0".repeat(16), DISCORD_APPLICATION_ID: "1" }).DISCORD_PUBLIC_KEY).toBe("AbC0".repeat(16));
  });

  it("wants platform-qualified ADMIN_USER_IDS", () => {
    expect(configError({ ADMIN_USER_IDS: "1234" }).problems).toEqual([
      'ADMIN_USER_IDS="1234": use platform-qualified ids like discord:1234. Fix or unset ADMIN_USER_IDS (see README, Configuration).',
    ]);
    expect(configError({ ADMIN_USER_IDS: "discord:1, 1234" }).problems[0]).toContain("ADMIN_USER_IDS=");
    expect(loadConfig({ ADMIN_USER_IDS: " discord:1234 ,slack:T1/U2,, console:local " }).ADMIN_USER_IDS).toEqual([
      "discord:1234",
      "slack:T1/U2",
      "console:local",
    ]);
  });

  it("reads booleans in any case", () => {
    expect(loadConfig({ WORKERS: "FALSE" }).WORKERS).toBe(false);
    expect(loadConfig({ WORKERS: "off" }).WORKERS).toBe(false);
    expect(loadConfig({ WORKERS: "0" }).WORKERS).toBe(false);
    expect(loadConfig({ S3_FORCE_PATH_STYLE: "Yes" }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(configError({ WORKERS: "maybe" }).problems).toEqual(['WORKERS="maybe": must be true or false. Fix or unset WORKERS (see README, Configuration).']);
  });

  it("wants http(s) URLs", () => {
    expect(configError({ PUBLIC_URL: "localhost:3000" }).problems).toEqual([
      'PUBLIC_URL="localhost:3000": must start with http:// or https://. Fix or unset PUBLIC_URL (see README, Configuration).',
    ]);
    expect(configError({ CONVEX_URL: "not a url" }).problems[0]).toBe(
      'CONVEX_URL="not a url": must be a full URL such as https://example.com. Fix or unset CONVEX_URL (see README, Configuration).',
    );
  });

  it("rejects a CLOUDFRONT_DOMAIN with a scheme", () => {
    expect(configError({ CLOUDFRONT_DOMAIN: "https://d111.cloudfront.net" }).problems[0]).toContain(
      "must be a bare host name such as d111111abcdef8.cloudfront.net (no https://)",
    );
  });

  it("reports every bad value at once", () => {
    expect(configError({ PORT: "x", LOG_LEVEL: "loud", MAX_ATTEMPTS: "0" }).problems.map((p) => p.split("=")[0])).toEqual(["LOG_LEVEL", "PORT", "MAX_ATTEMPTS"]);
  });

  it("does not echo a password inside a bad value", () => {
    const error = configError({ SD_WEBUI_URL: "ftp://admin:hunter22@gpu:7860" });
    expect(error.message).not.toContain("hunter22");
    expect(error.problems[0]).toContain("SD_WEBUI_URL=");
  });
});

describe("loadConfig: incoherent combinations", () => {
  const cases: [string, Env, string][] = [
    [
      "a Slack bot token without a signing secret",
      { SLACK_BOT_TOKEN: "xoxb-1" },
      "SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET: set SLACK_SIGNING_SECRET (Slack app > Basic Information > Signing Secret).",
    ],
    [
      "a Socket Mode token without a bot token",
      { SLACK_APP_TOKEN: "xapp-1" },
      "SLACK_APP_TOKEN (Socket Mode) is set without SLACK_BOT_TOKEN: set SLACK_BOT_TOKEN too.",
    ],
    [
      "an app token that is not an xapp- token",
      { SLACK_APP_TOKEN: "xoxb-1", SLACK_BOT_TOKEN: "xoxb-2", SLACK_SIGNING_SECRET: "s" },
      "SLACK_APP_TOKEN must be an app-level token starting with xapp- (Slack app > Basic Information > App-Level Tokens).",
    ],
    [
      "two thirds of the Slack OAuth trio",
      { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_SIGNING_SECRET: "s", PIXORLY_ENCRYPTION_KEY: ENCRYPTION_KEY },
      "Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together: set all three or none.",
    ],
    [
      "a lone SLACK_STATE_SECRET",
      { SLACK_STATE_SECRET: "st" },
      "Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together: set all three or none.",
    ],
    [
      "Slack OAuth without an encryption key",
      { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_STATE_SECRET: "st", SLACK_SIGNING_SECRET: "s" },
      "Slack OAuth stores bot tokens encrypted: set PIXORLY_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`).",
    ],
    [
      "Slack OAuth without a signing secret",
      { SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "c", SLACK_STATE_SECRET: "st", PIXORLY_ENCRYPTION_KEY: ENCRYPTION_KEY },
      "Slack OAuth is set without SLACK_SIGNING_SECRET: set SLACK_SIGNING_SECRET.",
    ],
    [
      "an encryption key of the wrong length",
      { PIXORLY_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") },
      "PIXORLY_ENCRYPTION_KEY must be 32 bytes in base64: generate one with `openssl rand -base64 32`.",
    ],
    [
      "a Discord public key without an application id",
      { DISCORD_PUBLIC_KEY: DISCORD_KEY },
      "DISCORD_PUBLIC_KEY is set without DISCORD_APPLICATION_ID: set DISCORD_APPLICATION_ID (developer portal > General Information).",
    ],
    [
      "STORE=convex without CONVEX_URL",
      { STORE: "convex" },
      "STORE=convex needs CONVEX_URL: set it to your deployment URL (https://<name>.convex.cloud).",
    ],
    [
      "CONVEX_URL without the service secret",
      { CONVEX_URL: "https://happy-otter-123.convex.cloud" },
      "CONVEX_URL is set without PIXORLY_SERVICE_SECRET: set the same secret in the Convex dashboard's environment and here.",
    ],
    ["STORAGE=s3 without a bucket", { STORAGE: "s3" }, "STORAGE=s3 needs S3_BUCKET: set the bucket name."],
    [
      "a CloudFront key pair id without its private key",
      { CLOUDFRONT_KEY_PAIR_ID: "K2JCJMDEHXQW5F", CLOUDFRONT_DOMAIN: "d1.cloudfront.net" },
      "CloudFront signed URLs need CLOUDFRONT_KEY_PAIR_ID and CLOUDFRONT_PRIVATE_KEY together: set both or neither.",
    ],
    [
      "a CloudFront private key without its key pair id",
      { CLOUDFRONT_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----" },
      "CloudFront signed URLs need CLOUDFRONT_KEY_PAIR_ID and CLOUDFRONT_PRIVATE_KEY together: set both or neither.",
    ],
    [
      "a CloudFront key pair without a domain",
      { CLOUDFRONT_KEY_PAIR_ID: "K2JCJMDEHXQW5F", CLOUDFRONT_PRIVATE_KEY: "pem" },
      "CLOUDFRONT_KEY_PAIR_ID is set without CLOUDFRONT_DOMAIN: set CLOUDFRONT_DOMAIN to the distribution's domain name.",
    ],
    [
      "LOCAL_PROVIDER=off with no other provider",
      { LOCAL_PROVIDER: "off" },
      "LOCAL_PROVIDER=off leaves no image provider: set OPENROUTER_API_KEY, OPENAI_API_KEY or SD_WEBUI_URL, or turn the local renderer back on.",
    ],
  ];

  it.each(cases)("rejects %s", (_label, env, problem) => {
    const error = configError(env);
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`Configuration is invalid:\n  - ${problem}`);
  });

  it("lists every incoherence at once", () => {
    expect(configError({ SLACK_BOT_TOKEN: "xoxb-1", STORE: "convex", STORAGE: "s3" }).problems).toEqual([
      "SLACK_BOT_TOKEN is set without SLACK_SIGNING_SECRET: set SLACK_SIGNING_SECRET (Slack app > Basic Information > Signing Secret).",
      "STORE=convex needs CONVEX_URL: set it to your deployment URL (https://<name>.convex.cloud).",
      "STORAGE=s3 needs S3_BUCKET: set the bucket name.",
    ]);
  });

  it("accepts the coherent versions", () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })).toMatchObject({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_APP_TOKEN: "xapp-1-A-1" })).not.toThrow();
    expect(() =>
      loadConfig({
        SLACK_CLIENT_ID: "1.2",
        SLACK_CLIENT_SECRET: "c",
        SLACK_STATE_SECRET: "st",
        SLACK_SIGNING_SECRET: "s",
        PIXORLY_ENCRYPTION_KEY: ENCRYPTION_KEY,
        SLACK_APP_TOKEN: "xapp-1",
      }),
    ).not.toThrow();
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: DISCORD_KEY, DISCORD_APPLICATION_ID: "123" })).not.toThrow();
    expect(() =>
      loadConfig({ CLOUDFRONT_KEY_PAIR_ID: "K2JCJMDEHXQW5F", CLOUDFRONT_PRIVATE_KEY: "pem", CLOUDFRONT_DOMAIN: "d1.cloudfront.net" }),
    ).not.toThrow();
    expect(loadConfig({ LOCAL_PROVIDER: "off", SD_WEBUI_URL: "http://gpu:7860" }).providers).toEqual(["sd-webui"]);
  });
});

describe("loadConfig: derived choices", () => {
  it("picks providers from credentials, in default-model order", () => {
    expect(loadConfig({ OPENROUTER_API_KEY: "sk-or-v1-x" }).providers).toEqual(["openrouter"]);
    expect(loadConfig({ OPENAI_API_KEY: "sk-x" }).providers).toEqual(["openai"]);
    expect(loadConfig({ SD_WEBUI_URL: "http://gpu:7860" }).providers).toEqual(["sd-webui"]);
    expect(loadConfig({ SD_WEBUI_URL: "http://gpu:7860", OPENAI_API_KEY: "sk-x", OPENROUTER_API_KEY: "sk-or-v1-x" }).providers).toEqual([
      "openrouter",
      "openai",
      "sd-webui",
    ]);
  });

  it("offers the local renderer next to a real provider only with LOCAL_PROVIDER=on", () => {
    expect(loadConfig({ OPENROUTER_API_KEY: "k", LOCAL_PROVIDER: "on" }).providers).toEqual(["openrouter", "local"]);
    expect(loadConfig({ OPENROUTER_API_KEY: "k", LOCAL_PROVIDER: "auto" }).providers).toEqual(["openrouter"]);
    expect(loadConfig({ OPENROUTER_API_KEY: "k", LOCAL_PROVIDER: "off" }).providers).toEqual(["openrouter"]);
    expect(loadConfig({ LOCAL_PROVIDER: "on" }).providers).toEqual(["local"]);
  });

  it("switches to S3 storage when a bucket is set, unless STORAGE says otherwise", () => {
    expect(loadConfig({ S3_BUCKET: "pixorly-images" }).storage).toBe("s3");
    expect(loadConfig({ S3_BUCKET: "pixorly-images", STORAGE: "local" }).storage).toBe("local");
    expect(loadConfig({ S3_BUCKET: "b", STORAGE: "s3" }).storage).toBe("s3");
  });

  it("switches to the Convex store when CONVEX_URL is set, unless STORE says otherwise", () => {
    const convex = { CONVEX_URL: "https://happy-otter-123.convex.cloud", PIXORLY_SERVICE_SECRET: "svc" };
    expect(loadConfig(convex).store).toBe("convex");
    expect(loadConfig({ ...convex, STORE: "sqlite" }).store).toBe("sqlite");
    expect(loadConfig({ ...convex, STORE: "convex" }).store).toBe("convex");
  });

  it("trims values and treats whitespace-only secrets as unset", () => {
    const c = loadConfig({ OPENAI_API_KEY: "  sk-abc  ", SLACK_BOT_TOKEN: "   " });
    expect(c.OPENAI_API_KEY).toBe("sk-abc");
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
    expect(c.providers).toEqual(["openai"]);
  });
});

describe("publicUrlFor", () => {
  it("uses PUBLIC_URL without trailing slashes, else localhost and the real port", () => {
    expect(publicUrlFor({ PUBLIC_URL: "https://img.example.com//" }, 1234)).toBe("https://img.example.com");
    expect(publicUrlFor({ PUBLIC_URL: undefined }, 43117)).toBe("http://localhost:43117");
    expect(publicUrlFor(loadConfig({ PUBLIC_URL: "http://localhost:3000/" }), 9)).toBe("http://localhost:3000");
  });
});

describe("readEnvFiles", () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(() => dir?.remove());

  it("returns nothing when neither file exists", () => {
    dir = tempDir();
    expect(readEnvFiles(dir.path)).toEqual({});
  });

  it("reads .env then .env.local (later wins); the real environment wins over both", () => {
    dir = tempDir();
    writeFileSync(join(dir.path, ".env"), "# comment\nPORT=4000\nLOG_LEVEL=debug\nDATA_DIR=./from-env\nQUOTED=\"a b # not a comment\"\n");
    writeFileSync(join(dir.path, ".env.local"), "PORT=5000\nDATA_DIR='./from-local'\n");
    const files = readEnvFiles(dir.path);
    expect(files).toEqual({ PORT: "5000", LOG_LEVEL: "debug", DATA_DIR: "./from-local", QUOTED: "a b # not a comment" });

    const real: Env = { PORT: "6000" };
    const c = loadConfig({ ...files, ...real });
    expect(c.PORT).toBe(6000);
    expect(c.DATA_DIR).toBe("./from-local");
    expect(c.LOG_LEVEL).toBe("debug");
  });

  it("reads .env.local alone", () => {
    dir = tempDir();
    writeFileSync(join(dir.path, ".env.local"), "STORE=sqlite\n");
    expect(readEnvFiles(dir.path)).toEqual({ STORE: "sqlite" });
  });
});
