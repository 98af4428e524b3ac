import type { ServerResponse } from "node:http";
import { parse } from "node:querystring";
import { describe, expect, it } from "vitest";
import { directSlashCommand } from "../../bots/slack/handle-command.ts";
import { slackCommandNames } from "../../bots/slack/slack-command-names.ts";
import type { SlackContext, WebClient } from "../../bots/slack/slack-context.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { slashCommandBody } from "./signing.ts";

/** What the direct path wrote, through the ServerResponse methods it uses. */
function recordingResponse() {
  const written: { status?: number; headers?: Record<string, string>; body?: string } = {};
  const res = {
    headersSent: false,
    writeHead(status: number, headers?: Record<string, string>) {
      written.status = status;
      written.headers = headers;
      this.headersSent = true;
      return this;
    },
    end(body?: string) {
      written.body = body;
      return this;
    },
  };
  return { res: res as unknown as ServerResponse, written };
}

const body = (command: string, text: string, responseUrl = "http://127.0.0.1:9/response") =>
  parse(slashCommandBody({ command, text, teamId: "T0", channelId: "C0", userId: "U0", triggerId: "t-1", responseUrl }));

/**
 * The direct /imagine path (one workspace over HTTP) runs after slackRequestGuard's checks; the
 * end-to-end tests (test/slack/imagine.test.ts, request-verification.test.ts) drive it through
 * signed requests. Here: which requests it takes, and that it answers as Bolt's receiver would.
 */
describe("Slack /imagine without Bolt's receiver (directSlashCommand)", () => {
  const ctx = { commands: slackCommandNames(""), logger: createLogger({ level: "silent", format: "json" }) } as unknown as SlackContext;
  const direct = directSlashCommand(ctx, {} as WebClient, "U0BOT");

  it("takes /imagine and acks a parse error as Bolt does: 200, an ephemeral JSON message, nothing submitted", async () => {
    const { res, written } = recordingResponse();
    const handled = direct(body("/imagine", ""), res);
    expect(handled).not.toBeNull();
    await handled;
    expect(written.status).toBe(200);
    expect(written.headers).toEqual({ "content-type": "application/json" });
    expect(JSON.parse(written.body!)).toMatchObject({ response_type: "ephemeral", text: expect.any(String) });
  });

  it("leaves every other command, and anything that is not a slash command, to Bolt", () => {
    const { res, written } = recordingResponse();
    expect(direct(body("/imagine-help", ""), res)).toBeNull();
    expect(direct(body("/not-ours", "x"), res)).toBeNull();
    expect(direct({ type: "url_verification", challenge: "c" }, res)).toBeNull();
    expect(direct({ ...body("/imagine", "a fox"), response_url: undefined }, res)).toBeNull();
    expect(written.status).toBeUndefined();
  });
});
