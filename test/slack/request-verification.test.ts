import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeaders, slashCommandBody } from "./signing.ts";
import { CHANNEL, slackHarness, TEAM, type SlackHarness } from "./slack-harness.ts";

/**
 * Bolt's signature check in front of everything: a request Slack did not sign, or signed more
 * than five minutes ago, is answered 401 before any listener runs, so core never sees it.
 */
describe("Slack request verification on /slack/events", () => {
  let h: SlackHarness;
  let body: string;
  beforeAll(async () => {
    h = await slackHarness();
    body = slashCommandBody({ command: "/imagine", text: "a forged fox", teamId: TEAM, channelId: CHANNEL, userId: "U0MALLORY", triggerId: "t-forged", responseUrl: h.fake.responseUrl("forged") });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  const nothingHappened = async () => {
    expect(await h.jobs()).toEqual([]);
    // Not even the workspace: resolving an actor would have created it.
    expect(await h.workspace()).toBeNull();
    expect(h.fake.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
  };

  it("refuses a signature made with another secret", async () => {
    const res = await h.post(body, signatureHeaders(body, undefined, "not-the-signing-secret"));
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it("refuses a correctly signed body that was changed afterwards", async () => {
    const res = await h.post(body.replace("forged", "tampered"), signatureHeaders(body));
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it("refuses a stale (replayed) request", async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.post(body, signatureHeaders(body, sixMinutesAgo));
    expect(res.status).toBe(401);
    await nothingHappened();
  });

  it("Slack's replay window is five minutes either way: refuses a correctly signed request timestamped more than five minutes in the future", async () => {
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await h.post(body, signatureHeaders(body, sixMinutesAhead));
    expect(res.status).toBe(401);
    await nothingHappened();
    expect(h.logs.some((l) => String(l.msg).includes("more than five minutes in the future"))).toBe(true);
    // Within the window (a clock a few minutes fast) is still answered.
    const fourMinutesAhead = Math.floor(Date.now() / 1000) + 4 * 60;
    const ok = slashCommandBody({ command: "/imagine-help", text: "", teamId: TEAM, channelId: CHANNEL, userId: "U0ALICE", triggerId: "t-ahead", responseUrl: h.fake.responseUrl("ahead") });
    expect((await h.post(ok, signatureHeaders(ok, fourMinutesAhead))).status).toBe(200);
  });

  it("refuses requests without the signature headers", async () => {
    const { "x-slack-request-timestamp": timestamp } = signatureHeaders(body);
    expect((await h.post(body, {})).status).toBe(401);
    expect((await h.post(body, { "x-slack-request-timestamp": timestamp! })).status).toBe(401);
    await nothingHappened();
  });

  it("answers 400 to a correctly signed body that is not JSON", async () => {
    const malformed = '{"type":"event_callback",';
    const res = await h.post(malformed, { "content-type": "application/json", ...signatureHeaders(malformed) });
    expect(res.status).toBe(400);
    await nothingHappened();
  });

  it("refuses other methods on the events path", async () => {
    const res = await fetch(`${h.base}/slack/events`);
    expect(res.status).toBe(405);
    await nothingHappened();
  });

  it("answers Slack's url_verification challenge once signed", async () => {
    const challenge = JSON.stringify({ type: "url_verification", challenge: "c-123", token: "unused" });
    const res = await h.post(challenge, { "content-type": "application/json", ...signatureHeaders(challenge) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "c-123" });
  });
});
