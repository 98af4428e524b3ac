import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/logging/create-logger.ts";
import { scrubSecrets, scrubString } from "../../core/logging/scrub-secrets.ts";
import { CodedError } from "../../core/domain/errors.ts";

// Secret values, shaped like the real ones. None of them may appear in any log output.
const DISCORD_BOT_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.q9Wv8Xy7Zt6Us5Rr4Qp3On2Ml1Kk0Jj9Ii8Hh";
const DISCORD_BOT_TOKEN_2 = "OTk4ODc3NjY1NTQ0MzMyMjExMDA.Gx1y2z.Pp0Oo9Nn8Mm7Ll6Kk5Jj4Ii3Hh2Gg1Ff0Ee";
const DISCORD_BOT_TOKEN_3 = "ODg3NzY2NTU0NDMzMjIxMTAwOTk.G7a8b9.Zz1Yy2Xx3Ww4Vv5Uu6Tt7Ss8Rr9Qq0Pp1Oo";
const SLACK_BOT_TOKEN = "xoxb-2741395024-5193026384-Qm8vT3kR9zLw2Yx7PnB4sHcD";
const SLACK_APP_TOKEN = "xapp-1-A04QK7R2M3N-5193026384123-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const SLACK_REFRESH_TOKEN = "xoxe-1-My0xLTQ4NjcyOTQ1MzkyLTE2MzI5NjUxNDg3";
const OPENROUTER_KEY = "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";
const OPENAI_KEY = "sk-proj-Hq2Wm9Zx4Lr7Tv1Ny8Ks3Pb6Jc0Fd5Gg";
const PIXORLY_API_KEY = "pxl_abc_secret";
const PIXORLY_API_KEY_2 = "pxl_7QZK2M_vR4t9LwX2pN8sY3kJ6hB";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpRdWl0ZVNlY3JldFRva2VuSGVyZQ";
const DISCORD_WEBHOOK = `https://discord.com/api/v10/webhooks/123456/${INTERACTION_TOKEN}/messages/@original`;
const SLACK_RESPONSE_URL = "https://hooks.slack.com/commands/T1/2/abcdef";
const AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const S3_SIGNATURE = "9d1e5a7c3b2f4e6a8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b";
const PRESIGNED_S3 =
  "https://pixorly-images.s3.us-east-1.amazonaws.com/images/job_01JDEXAMPLE/0.png?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
  `&X-Amz-Credential=${AWS_ACCESS_KEY_ID}%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261126T120000Z` +
  `&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${S3_SIGNATURE}`;
const CLOUDFRONT_SIGNATURE = "Hk3~Lq9sVx2-Tz8yWb4_Nc7mRd1fGj6p";
const CLOUDFRONT_KEY_PAIR = "K2JCJMDEHXQW5F";
const CLOUDFRONT_SIGNED =
  `https://d3ex4mpl3.cloudfront.net/images/job_01JDEXAMPLE/1.png?Expires=1795710000&Signature=${CLOUDFRONT_SIGNATURE}` +
  `&Key-Pair-Id=${CLOUDFRONT_KEY_PAIR}`;
const URL_PASSWORD = "hunter2pw";
const BASIC_AUTH_URL = `https://deploy:${URL_PASSWORD}@registry.example.com/v2/`;
const BEARER = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEyMyIsImV4cCI6MTc5NTcxMDAwMH0.Zm9vYmFyYmF6cXV4cXV1eGNvcmdl";
const CONVEX_SECRET = "svc_Uq8Rz3Wm7Kt2Lp9Xv4Ny";
const ENCRYPTION_KEY = "Q2hhbmdlTWVDaGFuZ2VNZUNoYW5nZU1lQ2hhbmdlTWU=";
const OAUTH_CODE = "2741395024.5193026384.f00dbabe1234";
const DEEP_SECRET = "plain-deep-value-Zq81";

const SECRETS = [
  DISCORD_BOT_TOKEN,
  DISCORD_BOT_TOKEN_2,
  DISCORD_BOT_TOKEN_3,
  SLACK_BOT_TOKEN,
  SLACK_APP_TOKEN,
  SLACK_REFRESH_TOKEN,
  OPENROUTER_KEY,
  OPENAI_KEY,
  PIXORLY_API_KEY,
  PIXORLY_API_KEY_2,
  SIGNING_SECRET,
  INTERACTION_TOKEN,
  "T1/2/abcdef",
  "abcdef",
  AWS_ACCESS_KEY_ID,
  S3_SIGNATURE,
  CLOUDFRONT_SIGNATURE,
  CLOUDFRONT_KEY_PAIR,
  URL_PASSWORD,
  BEARER,
  CONVEX_SECRET,
  ENCRYPTION_KEY,
  OAUTH_CODE,
  DEEP_SECRET,
];

function captureLogger(format: "json" | "pretty" = "json", level = "info") {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  const log = createLogger({ level, format, destination });
  const output = async () => {
    // JSON lines are written synchronously; pino-pretty formats on a stream tick.
    await new Promise((resolve) => (format === "json" ? setImmediate(resolve) : setTimeout(resolve, 20)));
    return chunks.join("");
  };
  return { log, output };
}

function expectNoSecrets(output: string): void {
  for (const secret of SECRETS) {
    expect(output.includes(secret), `leaked ${secret}`).toBe(false);
  }
}

function deepObject(levels: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value: Record<string, unknown> = leaf;
  for (let i = 0; i < levels; i++) value = { level: i, child: value };
  return value;
}

function logEverything(log: ReturnType<typeof createLogger>): void {
  log.info({ jobId: "job_01JDEXAMPLE", token: DISCORD_BOT_TOKEN }, "discord client starting");
  log.info({ jobId: "job_01JDEXAMPLE", headers: { authorization: `Bot ${DISCORD_BOT_TOKEN_2}`, "content-type": "application/json" } }, "REST call");
  log.warn(`slack auth.test failed for ${SLACK_BOT_TOKEN}; retrying`);
  log.info({ socketMode: true }, `connecting with app token ${SLACK_APP_TOKEN} and refresh ${SLACK_REFRESH_TOKEN}`);
  log.error({ jobId: "job_01JDEXAMPLE", err: new Error(`OpenRouter 401: invalid key ${OPENROUTER_KEY}`) }, "provider call failed");
  log.warn({ jobId: "job_01JDEXAMPLE" }, `openai rejected ${OPENAI_KEY}`);
  log.info(`api request with key ${PIXORLY_API_KEY} and ${PIXORLY_API_KEY_2}`);
  log.info({ apiKey: PIXORLY_API_KEY_2, keyPrefix: "pxl_7QZK2M" }, "api key used");
  log.info({ slack: { signingSecret: SIGNING_SECRET, clientSecret: "c", appId: "A04QK7R2M3N" } }, "slack receiver ready");
  log.info({ jobId: "job_01JDEXAMPLE", target: DISCORD_WEBHOOK }, `editing reply at ${DISCORD_WEBHOOK}`);
  log.info({ jobId: "job_01JDEXAMPLE", response_url: SLACK_RESPONSE_URL, responseUrl: SLACK_RESPONSE_URL }, `posting to ${SLACK_RESPONSE_URL}`);
  log.info({ jobId: "job_01JDEXAMPLE", url: PRESIGNED_S3 }, `uploaded ${PRESIGNED_S3}`);
  log.info({ jobId: "job_01JDEXAMPLE", url: CLOUDFRONT_SIGNED, links: [CLOUDFRONT_SIGNED, PRESIGNED_S3] }, "signed urls");
  log.info({ registry: BASIC_AUTH_URL, parsed: new URL(BASIC_AUTH_URL) }, `pulling from ${BASIC_AUTH_URL}`);
  log.error(new Error(`Discord login failed: An invalid token was provided (${DISCORD_BOT_TOKEN_3})`));
  log.error({ err: new Error(`gateway closed, token ${DISCORD_BOT_TOKEN_3}`) });
  log.error(new Error(`slack rejected ${SLACK_BOT_TOKEN}`), "slack call failed");
  log.error(
    { err: new Error("upload failed", { cause: new Error(`PUT ${PRESIGNED_S3} returned 403`) }), jobId: "job_01JDEXAMPLE" },
    "storage error",
  );
  log.warn(
    { err: new CodedError("PROVIDER_AUTH", "the image service refused our key", { fields: { status: 401, apiKey: OPENROUTER_KEY, url: DISCORD_WEBHOOK } }) },
    "coded failure",
  );
  log.info(
    {
      jobs: [
        { id: "job_01JDEXAMPLE", replyTarget: { platform: "discord", interactionToken: INTERACTION_TOKEN, tokenExpiresAt: 1795710900000, webhook: DISCORD_WEBHOOK } },
        { id: "job_01JDOTHER", replyTarget: { platform: "slack", response_url: SLACK_RESPONSE_URL, channel: "C0123" } },
      ],
      nested: [[`Bearer ${BEARER}`], { deeper: { authorization: `Bearer ${BEARER}` } }],
      config: { PIXORLY_SERVICE_SECRET: CONVEX_SECRET, PIXORLY_ENCRYPTION_KEY: ENCRYPTION_KEY, CONVEX_URL: "https://happy-otter-123.convex.cloud" },
      callback: `https://pixorly.example.com/slack/oauth_redirect?code=${OAUTH_CODE}&state=st1`,
      deep: deepObject(12, { apiKey: DEEP_SECRET, note: DEEP_SECRET }),
    },
    "nested context",
  );
  log.info("interpolated %s and %o and %j", SLACK_BOT_TOKEN, { token: DISCORD_BOT_TOKEN }, { password: URL_PASSWORD, jobId: "job_01JDEXAMPLE" });
  log.info({ headers: JSON.stringify({ Authorization: `Bot ${DISCORD_BOT_TOKEN_2}` }) }, "raw header dump");
  const child = log.child({ component: "slack", token: SLACK_BOT_TOKEN, signingSecret: SIGNING_SECRET });
  child.info("child logger line");
  child.child({ apiKey: PIXORLY_API_KEY_2 }).warn({ jobId: "job_01JDEXAMPLE" }, "grandchild line");
  const circular: Record<string, unknown> = { jobId: "job_01JDCIRCLE", token: SLACK_APP_TOKEN };
  circular.self = circular;
  log.info({ circular }, "circular");
  log.debug({ token: "not-even-written" }, "below the level");
}

describe("createLogger: secrets never reach the output", () => {
  it("JSON output contains none of the secret values, and every line is valid JSON", async () => {
    const { log, output } = captureLogger("json");
    logEverything(log);
    const text = await output();
    expectNoSecrets(text);
    const lines = text.trim().split("\n");
    expect(lines).toHaveLength(25);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).not.toContain("not-even-written");
  });

  it("pretty output contains none of the secret values", async () => {
    const { log, output } = captureLogger("pretty");
    logEverything(log);
    const text = await output();
    expect(text).toContain("discord client starting");
    expectNoSecrets(text);
  });

  it("keeps the non-secret context: messages, job ids, URL hosts and path prefixes", async () => {
    const { log, output } = captureLogger("json");
    logEverything(log);
    const lines = (await output())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const text = JSON.stringify(lines);
    const byMsg = (msg: string) => lines.find((l) => l.msg === msg)!;

    expect(byMsg("discord client starting")).toMatchObject({ level: 30, jobId: "job_01JDEXAMPLE", token: "[REDACTED]" });
    expect(byMsg("REST call")).toMatchObject({ headers: { authorization: "[REDACTED]", "content-type": "application/json" } });
    expect(lines.some((l) => l.msg === "slack auth.test failed for [REDACTED]; retrying")).toBe(true);
    expect(byMsg("editing reply at https://discord.com/api/v10/webhooks/123456/[REDACTED]/messages/@original")).toMatchObject({
      target: "https://discord.com/api/v10/webhooks/123456/[REDACTED]/messages/@original",
    });
    expect(byMsg("posting to https://hooks.slack.com/commands/[REDACTED]")).toMatchObject({
      response_url: "[REDACTED]",
      responseUrl: "[REDACTED]",
    });
    expect(byMsg("signed urls")).toMatchObject({
      url: "https://d3ex4mpl3.cloudfront.net/images/job_01JDEXAMPLE/1.png?Expires=1795710000&Signature=[REDACTED]&Key-Pair-Id=[REDACTED]",
    });
    expect(text).toContain(
      "https://pixorly-images.s3.us-east-1.amazonaws.com/images/job_01JDEXAMPLE/0.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[REDACTED]&X-Amz-Date=20261126T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=[REDACTED]",
    );
    expect(byMsg("pulling from https://deploy:[REDACTED]@registry.example.com/v2/")).toMatchObject({
      registry: "https://deploy:[REDACTED]@registry.example.com/v2/",
      parsed: "https://deploy:[REDACTED]@registry.example.com/v2/",
    });
    expect(byMsg("slack receiver ready")).toMatchObject({ slack: { signingSecret: "[REDACTED]", clientSecret: "[REDACTED]", appId: "A04QK7R2M3N" } });
    expect(byMsg("api key used")).toMatchObject({ apiKey: "[REDACTED]", keyPrefix: "pxl_7QZK2M" });
    expect(byMsg("raw header dump")).toMatchObject({ headers: '{"Authorization":"[REDACTED]"}' });
    expect(byMsg("connecting with app token [REDACTED] and refresh [REDACTED]")).toMatchObject({ socketMode: true });
    expect(byMsg("provider call failed")).toMatchObject({ jobId: "job_01JDEXAMPLE", err: { message: "OpenRouter 401: invalid key [REDACTED]" } });
    expect(byMsg("openai rejected [REDACTED]")).toMatchObject({ jobId: "job_01JDEXAMPLE" });
    expect(byMsg("api request with key [REDACTED] and [REDACTED]")).toBeDefined();

    const nested = byMsg("nested context") as { jobs: { id: string; replyTarget: Record<string, unknown> }[]; config: Record<string, unknown>; callback: string };
    expect(nested.jobs.map((j) => j.id)).toEqual(["job_01JDEXAMPLE", "job_01JDOTHER"]);
    expect(nested.jobs[0]!.replyTarget).toEqual({
      platform: "discord",
      interactionToken: "[REDACTED]",
      tokenExpiresAt: 1795710900000,
      webhook: "https://discord.com/api/v10/webhooks/123456/[REDACTED]/messages/@original",
    });
    expect(nested.jobs[1]!.replyTarget).toEqual({ platform: "slack", response_url: "[REDACTED]", channel: "C0123" });
    expect(nested.config).toEqual({ PIXORLY_SERVICE_SECRET: "[REDACTED]", PIXORLY_ENCRYPTION_KEY: "[REDACTED]", CONVEX_URL: "https://happy-otter-123.convex.cloud" });
    expect(nested.callback).toBe("https://pixorly.example.com/slack/oauth_redirect?code=[REDACTED]&state=st1");
  });

  it("logs errors with their type, scrubbed message, code, fields and cause", async () => {
    const { log, output } = captureLogger("json");
    logEverything(log);
    const lines = (await output())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { msg?: string; err?: Record<string, unknown> });
    const login = lines.find((l) => l.msg?.startsWith("Discord login failed"))!;
    expect(login.msg).toBe("Discord login failed: An invalid token was provided ([REDACTED])");
    expect(login.err).toMatchObject({ type: "Error", message: "Discord login failed: An invalid token was provided ([REDACTED])" });
    expect(String(login.err!.stack)).toContain("logging.test.ts");

    expect(lines.find((l) => l.msg === "gateway closed, token [REDACTED]")?.err).toMatchObject({ type: "Error" });
    expect(lines.find((l) => l.msg === "slack call failed")?.err).toMatchObject({ message: "slack rejected [REDACTED]" });

    const storage = lines.find((l) => l.msg === "storage error")!;
    expect(storage.err).toMatchObject({ message: "upload failed", cause: { type: "Error", message: expect.stringContaining("X-Amz-Signature=[REDACTED]") } });

    const coded = lines.find((l) => l.msg === "coded failure")!;
    expect(coded.err).toMatchObject({
      type: "CodedError",
      code: "PROVIDER_AUTH",
      message: "the image service refused our key",
      fields: { status: 401, apiKey: "[REDACTED]", url: "https://discord.com/api/v10/webhooks/123456/[REDACTED]/messages/@original" },
    });
  });

  it("scrubs child logger bindings, interpolated arguments, deep and circular objects", async () => {
    const { log, output } = captureLogger("json");
    logEverything(log);
    const lines = (await output())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.msg === "child logger line")).toMatchObject({ component: "slack", token: "[REDACTED]", signingSecret: "[REDACTED]" });
    expect(lines.find((l) => l.msg === "grandchild line")).toMatchObject({ component: "slack", token: "[REDACTED]", apiKey: "[REDACTED]", jobId: "job_01JDEXAMPLE" });
    expect(lines.find((l) => String(l.msg).startsWith("interpolated"))?.msg).toBe(
      'interpolated [REDACTED] and {"token":"[REDACTED]"} and {"password":"[REDACTED]","jobId":"job_01JDEXAMPLE"}',
    );
    expect(lines.find((l) => l.msg === "circular")).toMatchObject({ circular: { jobId: "job_01JDCIRCLE", token: "[REDACTED]" } });
    const nested = lines.find((l) => l.msg === "nested context") as { deep: Record<string, unknown> };
    expect(JSON.stringify(nested.deep)).toContain('"level":11');
    expect(JSON.stringify(nested.deep)).toContain("[Object]");
  });

  it("keeps lines valid JSON when secret-named keys hold null, booleans, numbers or objects", async () => {
    const { log, output } = captureLogger("json");
    log.info({ headers: { authorization: null }, flags: { authorization: true, token: 3 }, nested: { authorization: { scheme: "Bot" } } }, "shapes");
    const line = JSON.parse((await output()).trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      headers: { authorization: null },
      flags: { authorization: true, token: 3 },
      nested: { authorization: "[REDACTED]" },
      msg: "shapes",
    });
  });

  it("keeps every line valid JSON and free of token-shaped secrets, for any object shape", async () => {
    // Values recognisable by their shape alone, whatever key they sit under.
    const shaped = [
      DISCORD_BOT_TOKEN,
      `Bot ${DISCORD_BOT_TOKEN_2}`,
      SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN,
      OPENROUTER_KEY,
      PIXORLY_API_KEY_2,
      DISCORD_WEBHOOK,
      SLACK_RESPONSE_URL,
      PRESIGNED_S3,
      CLOUDFRONT_SIGNED,
      BASIC_AUTH_URL,
      `Bearer ${BEARER}`,
    ];
    const raw = [DISCORD_BOT_TOKEN, DISCORD_BOT_TOKEN_2, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, OPENROUTER_KEY, PIXORLY_API_KEY_2, INTERACTION_TOKEN, "abcdef", S3_SIGNATURE, AWS_ACCESS_KEY_ID, CLOUDFRONT_SIGNATURE, URL_PASSWORD, BEARER];
    const value = fc.oneof(
      fc.constantFrom(...shaped),
      fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...shaped), fc.string({ maxLength: 12 })).map(([a, b, c]) => `${a} ${b} ${c}`),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.constantFrom("token", "authorization", "jobId", "url", "message", "headers", "detail", "err", "list");
    await fc.assert(
      fc.asyncProperty(fc.object({ key, values: [value], maxDepth: 3, maxKeys: 4 }), fc.constantFrom(...shaped), async (obj, inMessage) => {
        const { log, output } = captureLogger("json");
        log.info(obj, `note ${inMessage}`);
        const text = await output();
        expect(() => JSON.parse(text)).not.toThrow();
        for (const secret of raw) expect(text.includes(secret), `leaked ${secret} in ${text}`).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it("writes nothing below the configured level", async () => {
    const { log, output } = captureLogger("json", "warn");
    log.info("quiet");
    log.warn({ jobId: "job_1" }, "loud");
    const lines = (await output()).trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { msg: string; level: number }).msg)).toEqual(["loud"]);
  });
});

describe("scrubString", () => {
  it.each([
    [`token ${SLACK_BOT_TOKEN} end`, "token [REDACTED] end"],
    [`xoxp-1-2-3 and xoxe.xoxp-1-abc`, "[REDACTED] and [REDACTED]"],
    [`${SLACK_APP_TOKEN}`, "[REDACTED]"],
    [`key=${OPENROUTER_KEY}`, "key=[REDACTED]"],
    [`use ${PIXORLY_API_KEY}!`, "use [REDACTED]!"],
    [`Authorization: Bot ${DISCORD_BOT_TOKEN}`, "Authorization: [REDACTED]"],
    [`"authorization":"Basic dXNlcjpwYXNz"`, `"authorization":"[REDACTED]"`],
    [`Bearer ${BEARER}`, "Bearer [REDACTED]"],
    [`bearer abcdefghijkl`, "bearer [REDACTED]"],
    [`bare ${DISCORD_BOT_TOKEN}.`, "bare [REDACTED]."],
    [DISCORD_WEBHOOK, "https://discord.com/api/v10/webhooks/123456/[REDACTED]/messages/@original"],
    [`https://discord.com/api/v10/interactions/987/${INTERACTION_TOKEN}/callback`, "https://discord.com/api/v10/interactions/987/[REDACTED]/callback"],
    [`${SLACK_RESPONSE_URL} then`, "https://hooks.slack.com/commands/[REDACTED] then"],
    ["https://hooks.slack.com/services/T000/B000/XXXXXXXX", "https://hooks.slack.com/services/[REDACTED]"],
    [BASIC_AUTH_URL, "https://deploy:[REDACTED]@registry.example.com/v2/"],
    ["redis://:s3cretpw@cache:6379/0", "redis://:[REDACTED]@cache:6379/0"],
    ["https://example.com/cb?access_token=abc123&x=1#id_token=zzz", "https://example.com/cb?access_token=[REDACTED]&x=1#id_token=[REDACTED]"],
  ])("masks %j", (input, expected) => {
    expect(scrubString(input)).toBe(expected);
  });

  it.each([
    "job job_01JDEXAMPLE completed in 1.2 s",
    "Bot listening on port 3000",
    "Slack app > Basic Information > Signing Secret",
    "https://localhost:3000/images/ab/cd.png",
    "https://d3ex4mpl3.cloudfront.net/images/x.png",
    "a task-runner and a risk-assessment",
    "prompt: a fox's den at 12:30, 16:9",
    "max_tokens=1024",
    "http://host:8080/path@v2",
  ])("leaves ordinary text alone: %j", (input) => {
    expect(scrubString(input)).toBe(input);
  });

  it("keeps JSON valid when scrubbing a serialized line", () => {
    const line = JSON.stringify({ a: `say "${SLACK_BOT_TOKEN}"\n${SLACK_RESPONSE_URL}\\`, b: "http://u:p@h", c: 'x@y"' });
    const scrubbed = scrubString(line);
    expect(() => JSON.parse(scrubbed)).not.toThrow();
    expect(JSON.parse(scrubbed)).toEqual({ a: 'say "[REDACTED]"\nhttps://hooks.slack.com/commands/[REDACTED]\\', b: "http://u:[REDACTED]@h", c: 'x@y"' });
  });
});

describe("scrubSecrets", () => {
  it("replaces values under secret-named keys, in any case and spelling", () => {
    expect(
      scrubSecrets({
        token: "t",
        accessToken: "t",
        SLACK_BOT_TOKEN: "t",
        client_secret: "s",
        password: "p",
        apiKey: "k",
        "x-api-key": "k",
        privateKey: "k",
        encryption_key: "k",
        cookie: "c",
        credentials: { accessKeyId: "AK", secretAccessKey: "SK" },
        signature: "sig",
        response_url: "u",
      }),
    ).toEqual({
      token: "[REDACTED]",
      accessToken: "[REDACTED]",
      SLACK_BOT_TOKEN: "[REDACTED]",
      client_secret: "[REDACTED]",
      password: "[REDACTED]",
      apiKey: "[REDACTED]",
      "x-api-key": "[REDACTED]",
      privateKey: "[REDACTED]",
      encryption_key: "[REDACTED]",
      cookie: "[REDACTED]",
      credentials: "[REDACTED]",
      signature: "[REDACTED]",
      response_url: "[REDACTED]",
    });
  });

  it("keeps empty, null, numeric and boolean values under secret-named keys", () => {
    expect(scrubSecrets({ token: "", secret: null, apiKey: undefined, tokenExpiresAt: 1795710900000, total_tokens: 812, hasToken: true })).toEqual({
      token: "",
      secret: null,
      apiKey: undefined,
      tokenExpiresAt: 1795710900000,
      total_tokens: 812,
      hasToken: true,
    });
  });

  it("keeps ordinary values, dates, bytes and URLs readable", () => {
    expect(
      scrubSecrets({
        jobId: "job_1",
        count: 2,
        ok: true,
        none: null,
        at: new Date(Date.UTC(2026, 10, 26)),
        png: new Uint8Array(64),
        link: new URL("https://localhost:3000/images/a.png"),
        list: ["a", 1],
      }),
    ).toEqual({
      jobId: "job_1",
      count: 2,
      ok: true,
      none: null,
      at: "2026-11-26T00:00:00.000Z",
      png: "[64 bytes]",
      link: "https://localhost:3000/images/a.png",
      list: ["a", 1],
    });
  });

  it("stops at depth 8 with a placeholder instead of the raw value", () => {
    expect(JSON.stringify(scrubSecrets(deepObject(10, { apiKey: DEEP_SECRET })))).not.toContain(DEEP_SECRET);
    expect(scrubSecrets(deepObject(2, { apiKey: DEEP_SECRET }))).toEqual({ level: 1, child: { level: 0, child: { apiKey: "[REDACTED]" } } });
  });

  it("passes primitives through, scrubbing strings", () => {
    expect(scrubSecrets(5)).toBe(5);
    expect(scrubSecrets(undefined)).toBeUndefined();
    expect(scrubSecrets(`x ${SLACK_BOT_TOKEN}`)).toBe("x [REDACTED]");
  });
});
