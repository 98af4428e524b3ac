import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APP_TOKEN, CHANNEL, slackHarness, TEAM, type SlackHarness } from "./slack-harness.ts";

describe("Slack Socket Mode (SLACK_APP_TOKEN)", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness({ socketMode: true });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it("connects with the app token, runs /imagine from an envelope and acks it over the socket", async () => {
    expect(h.fake.callsTo("apps.connections.open")[0]!.token).toBe(APP_TOKEN);
    expect(h.fake.connectedSockets()).toBe(1);
    // No public URL is needed: the events route is not mounted at all.
    expect((await h.post("{}", {})).status).toBe(404);

    h.fake.sendEnvelope({
      envelope_id: "env-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        team_id: TEAM,
        team_domain: "pixorly-test",
        channel_id: CHANNEL,
        channel_name: "general",
        user_id: "U0ALICE",
        user_name: "alice",
        command: "/imagine",
        text: "a socket-shaped moon",
        response_url: h.fake.responseUrl("socket"),
        trigger_id: "trigger-socket",
        api_app_id: "A0APP",
      },
    });
    const ack = await h.fake.waitFor(() => h.fake.socketAcks.find((a) => a.envelope_id === "env-1"));
    expect(ack.payload ?? {}).toEqual({});
    const [job] = await h.jobs();
    expect(job).toMatchObject({ prompt: "a socket-shaped moon", idempotencyKey: "slack:trigger-socket" });
    await h.settled(job!.id);
    await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
  });
});
