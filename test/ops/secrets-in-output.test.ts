import { generateKeyPairSync, randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config/load-config.ts";
import { configSchema } from "../../core/config/schema.ts";
import type { ProviderId } from "../../core/domain/models.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { SECRET_VARIABLES, setSecretValues } from "../../core/logging/secret-values.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createS3Storage } from "../../core/storage/s3-storage.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";
import { startS3rver } from "../support/s3rver.ts";
import { startFakeServer } from "../unit/providers/fixtures.ts";

/** A distinctive value per variable, shaped like the real thing where the product checks shapes. */
const distinct = (tag: string) => `${tag}Zq81${randomBytes(9).toString("hex")}`;
const OPENROUTER_BODY = distinct("orkey");
const OPENAI_BODY = distinct("oaikey");
const SD_PASSWORD = distinct("sdpw");
const pem = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();

let server: Awaited<ReturnType<typeof startFakeServer>>;
let s3: Awaited<ReturnType<typeof startS3rver>>;
let env: Record<string, string>;
let h: EngineHarness;
const output: string[] = [];

beforeAll(async () => {
  s3 = await startS3rver(["pixorly-secrets"]);
  server = await startFakeServer((request, response) => {
    const json = (status: number, body: unknown) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    // Services that quote our credentials back in their errors, each in its own way.
    if (request.url === "/openrouter/chat/completions") return json(401, { error: { message: `No auth credentials found for key ${OPENROUTER_BODY}` } });
    if (request.url === "/openai/images/generations") return json(401, { error: { message: `Incorrect API key provided: ${OPENAI_BODY.slice(0, 40)}.` } });
    if (request.url === "/sdapi/v1/txt2img") return json(500, { detail: `upstream saw Authorization: ${request.headers.authorization} (${SD_PASSWORD})` });
    response.writeHead(404).end();
  });
  env = {
    PIXORLY_SERVICE_SECRET: distinct("svc"),
    CONVEX_URL: "https://happy-otter-123.convex.cloud",
    AWS_ACCESS_KEY_ID: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    AWS_SECRET_ACCESS_KEY: distinct("awssecret"),
    CLOUDFRONT_DOMAIN: "d111111abcdef8.cloudfront.net",
    CLOUDFRONT_KEY_PAIR_ID: `K${randomBytes(6).toString("hex").toUpperCase()}`,
    CLOUDFRONT_PRIVATE_KEY: pem,
    OPENROUTER_API_KEY: `sk-or-v1-${OPENROUTER_BODY}`,
    OPENAI_API_KEY: `sk-proj-${OPENAI_BODY}`,
    SD_WEBUI_URL: `http://pixorly:${SD_PASSWORD}@${server.host}`,
    DISCORD_TOKEN: distinct("discordtoken"),
    SLACK_BOT_TOKEN: `xoxb-${distinct("slackbot")}`,
    SLACK_SIGNING_SECRET: distinct("signing"),
    SLACK_APP_TOKEN: `xapp-1-${distinct("slackapp")}`,
    SLACK_CLIENT_ID: "1234.5678",
    SLACK_CLIENT_SECRET: distinct("clientsecret"),
    SLACK_STATE_SECRET: distinct("statesecret"),
    PIXORLY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    CLERK_WEBHOOK_SECRET: `whsec_${distinct("clerk")}`,
    LOG_LEVEL: "debug",
  };
  const config = loadConfig(env);
  const logger = createLogger({
    level: "debug",
    format: "json",
    destination: new Writable({
      write(chunk, _encoding, callback) {
        output.push(String(chunk));
        callback();
      },
    }),
  });
  // S3 refuses the configured key; its error names the key id (AWSAccessKeyId).
  const storage = createS3Storage({
    bucket: "pixorly-secrets",
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    checksums: "WHEN_REQUIRED",
    prefix: "images/",
    credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID!, secretAccessKey: config.AWS_SECRET_ACCESS_KEY! },
  });
  const common = { log: logger, timeoutMs: 5_000 };
  const providers = new Map<ProviderId, ImageProvider>([
    ["openrouter", createOpenRouterProvider({ ...common, apiKey: config.OPENROUTER_API_KEY!, baseUrl: `${server.origin}/openrouter` })],
    ["openai", createOpenAiProvider({ ...common, apiKey: config.OPENAI_API_KEY!, baseUrl: `${server.origin}/openai` })],
    ["sd-webui", createSdWebUiProvider({ ...common, baseUrl: config.SD_WEBUI_URL! })],
    ["local", createLocalProvider()],
  ]);
  h = await engineHarness(
    { providers, storage, logger, clock: { now: () => Date.now() }, retryPolicy: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1, base: 1 } },
    ["openrouter", "openai", "sd-webui", "local"],
  );
  // What an operator might dump while debugging: the whole configuration and the environment.
  logger.debug({ config }, "configuration loaded");
  logger.debug(`environment: ${JSON.stringify(env)}`);
  h.engine.start();
});

afterAll(async () => {
  await h.cleanup();
  await server.close();
  await s3.close();
  setSecretValues({});
});

describe("secrets never reach logs, job messages or errors, at debug level", () => {
  it("every secret-bearing variable of the configuration schema is scrubbed by value", () => {
    const named = Object.keys(configSchema.shape).filter((name) => /SECRET|TOKEN|PRIVATE|_KEY(_|$)|PASSWORD/.test(name) && name !== "DISCORD_PUBLIC_KEY");
    expect([...SECRET_VARIABLES].sort()).toEqual([...named, "SD_WEBUI_URL", "CLOUDFRONT_KEY_PAIR_ID", "AWS_ACCESS_KEY_ID"].filter((n, i, a) => a.indexOf(n) === i).sort());
  });

  it("provider and S3 failures that echo our credentials (without their prefixes) leave no secret in any output", async () => {
    const jobs = [];
    for (const model of ["google/gemini-2.5-flash-image", "gpt-image-1", "stable-diffusion", "local"]) {
      const submitted = await imagine(h, `secrets via ${model}`, { model, workspace: `w-${model.length}` });
      if (!submitted.ok) throw new Error(submitted.error.message);
      jobs.push(await h.settled(submitted.value.job.id));
    }
    // Every job failed: three providers refused, and S3 refused the local renderer's upload.
    expect(jobs.map((j) => [j.status, j.errorCode])).toEqual([
      ["failed", "PROVIDER_AUTH"],
      ["failed", "PROVIDER_AUTH"],
      ["failed", "PROVIDER_UNAVAILABLE"],
      ["failed", "STORAGE_ERROR"],
    ]);
    await new Promise((r) => setTimeout(r, 50));
    const text = output.join("") + JSON.stringify(jobs);
    // The failures really were logged, echoes and all (else this test would prove nothing).
    expect(text).toContain("No auth credentials found for key [REDACTED]");
    expect(text).toContain("Incorrect API key provided: [REDACTED]");
    expect(text).toMatch(/InvalidAccessKeyId|AWS Access Key Id/);
    expect(text).toContain("configuration loaded");

    const forms = Object.entries(env)
      .filter(([name]) => (SECRET_VARIABLES as readonly string[]).includes(name) && name !== "SD_WEBUI_URL")
      .flatMap(([, value]) => [value, value.replace(/^(sk-or-v1-|sk-proj-|xoxb-|xapp-1-|whsec_)/, "")]);
    forms.push(SD_PASSWORD, Buffer.from(`pixorly:${SD_PASSWORD}`).toString("base64"), OPENAI_BODY.slice(0, 40));
    forms.push(...pem.split("\n").filter((line) => line.length > 20 && !line.startsWith("-----")));
    for (const secret of forms) expect(text.includes(secret), `leaked ${secret.slice(0, 12)}…`).toBe(false);
  });
});
