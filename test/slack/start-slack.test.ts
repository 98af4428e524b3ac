import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { startSlack, type StartSlackOptions } from "../../bots/slack/start-slack.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { startFakeSlack, type FakeSlack } from "./fake-slack.ts";
import { SIGNING_SECRET } from "./signing.ts";

const unset = {
  SLACK_BOT_TOKEN: undefined,
  SLACK_SIGNING_SECRET: undefined,
  SLACK_APP_TOKEN: undefined,
  SLACK_CLIENT_ID: undefined,
  SLACK_CLIENT_SECRET: undefined,
  SLACK_STATE_SECRET: undefined,
  SLACK_API_URL: "https://slack.com/api/",
  PIXORLY_ENCRYPTION_KEY: undefined,
};

describe("startSlack configuration", () => {
  let h: EngineHarness;
  let fake: FakeSlack;
  beforeAll(async () => {
    h = await engineHarness();
    fake = await startFakeSlack({ botTokens: ["xoxb-good"], botUserId: "U0BOT", teamId: "T0" });
  });
  afterAll(async () => {
    await h.cleanup();
    await fake.close();
  });

  const start = (config: Partial<StartSlackOptions["config"]>) => {
    const logger = createLogger({ level: "silent", format: "json" });
    const http = createHttpServer({ logger, storage: h.storage });
    return startSlack({ config: { ...unset, ...config }, engine: h.engine, storage: h.storage, http, logger, publicUrl: () => "http://localhost" });
  };

  it("is off without Slack credentials", async () => {
    expect(await start({})).toBeNull();
  });

  it("stops the start when Slack refuses the bot token", async () => {
    await expect(start({ SLACK_BOT_TOKEN: "xoxb-wrong", SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl })).rejects.toMatchObject({
      code: "SLACK_AUTH_FAILED",
    });
  });

  it("refuses OAuth when its caller passes no installation store", async () => {
    await expect(
      start({ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "s", SLACK_STATE_SECRET: "st", SLACK_SIGNING_SECRET: SIGNING_SECRET, PIXORLY_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64") }),
    ).rejects.toMatchObject({ code: "SLACK_INSTALLATIONS_MISSING", message: expect.stringContaining("pass `installations`") });
  });
});
