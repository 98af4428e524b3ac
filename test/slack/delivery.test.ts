import { afterEach, describe, expect, it } from "vitest";
import { readReplyTarget } from "../../bots/slack/reply-target.ts";
import { BOT_USER, CHANNEL, slackHarness, type SlackHarness } from "./slack-harness.ts";

const text = (value: unknown) => JSON.stringify(value);

describe("Slack delivery: threads, private jobs, channels without the bot, buttons", () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("an app mention in a thread generates into that thread; Slack's retry of the event makes no second job", async () => {
    h = await slackHarness();
    const mention = { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> a red fox --ar 16:9`, ts: "1700000000.000200", thread_ts: "1700000000.000100", channel: CHANNEL, event_ts: "1700000000.000200" };
    expect((await h.event(mention, { eventId: "Ev0MENTION" })).status).toBe(200);

    const posted = await h.fake.waitFor(() => h!.fake.callsTo("chat.postMessage")[0]);
    expect(posted.args).toMatchObject({ channel: CHANNEL, thread_ts: "1700000000.000100" });
    const [job] = await h.jobs();
    expect(job).toMatchObject({ prompt: "a red fox", aspectRatio: "16:9", idempotencyKey: "slack:Ev0MENTION" });

    // Slack retries an event it thinks went unanswered, with the same event id.
    expect((await h.event(mention, { eventId: "Ev0MENTION", retryNum: 1 })).status).toBe(200);
    await h.settled(job!.id);
    const upload = await h.fake.waitFor(() => h!.fake.callsTo("files.completeUploadExternal")[0]);
    expect(upload.args).toMatchObject({ channel_id: CHANNEL, thread_ts: "1700000000.000100" });
    await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    expect(await h.jobs()).toHaveLength(1);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("a mention that cannot be parsed gets an ephemeral answer in the thread and costs nothing", async () => {
    h = await slackHarness();
    await h.event({ type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> a fox --ar 7:5`, ts: "1.2", thread_ts: "1.1", channel: CHANNEL, event_ts: "1.2" }, { eventId: "Ev0BAD" });
    const told = await h.fake.waitFor(() => h!.fake.callsTo("chat.postEphemeral")[0]);
    expect(told.args).toMatchObject({ channel: CHANNEL, user: "U0ALICE", thread_ts: "1.1" });
    expect(String(told.args.text)).toContain("--ar must be one of");
    expect(await h.jobs()).toEqual([]);
  });

  it("in a channel the bot is not in, the job lives in the command's response_url and says how to invite the bot", async () => {
    h = await slackHarness({ notInChannels: ["C0SECRET"] });
    const res = await h.slash("/imagine", "a hidden garden", { channel: "C0SECRET", responseId: "secret" });
    expect(res.status).toBe(200);

    const first = await h.fake.waitFor(() => h!.fake.responses.find((r) => r.id === "secret"));
    expect(first.body).toMatchObject({ response_type: "in_channel" });
    expect(first.body.text).toMatch(/^Queued — position 1, costs 1 credit/);
    expect(text(first.body.blocks)).toContain(`Invite me with \`/invite <@${BOT_USER}>\``);

    const [job] = await h.jobs();
    await h.settled(job!.id);
    const done = await h.fake.waitFor(() => h!.fake.responses.find((r) => r.id === "secret" && String(r.body.text).startsWith("Done")));
    expect(done.body.replace_original).toBe(true);
    // The bot cannot upload into that channel, so the images went to the requester's DM.
    expect(h.fake.callsTo("conversations.open")[0]!.args.users).toBe("U0ALICE");
    expect(h.fake.callsTo("files.completeUploadExternal")[0]!.args.channel_id).toBe("DU0ALICE");
    expect(readReplyTarget((await h.store.jobs.get(job!.id))!.replyTarget)).toMatchObject({ via: "response_url", messageTs: null });
  });

  it("a private job answers in the ephemeral ack and is replaced through response_url; expired, the result goes to a DM", async () => {
    h = await slackHarness();
    const res = await h.slash("/imagine", "a secret sketch --private", { responseId: "private" });
    const ack = (await res.json()) as { response_type: string; text: string };
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toMatch(/^Queued — position 1/);
    const [job] = await h.jobs();
    await h.settled(job!.id);
    const done = await h.fake.waitFor(() => h!.fake.responses.find((r) => r.id === "private" && String(r.body.text).startsWith("Done")));
    expect(done.body.replace_original).toBe(true);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);

    // A response_url Slack no longer accepts: the outcome is posted to the requester instead.
    await h.slash("/imagine", "another secret --private", { responseId: "expired-1" });
    const second = (await h.jobs()).find((j) => j.prompt === "another secret")!;
    await h.settled(second.id);
    const direct = await h.fake.waitFor(() => h!.fake.callsTo("chat.postMessage")[0]);
    expect(direct.args.channel).toBe("U0ALICE");
    expect(String(direct.args.text)).toMatch(/^Done/);
  });

  it("Regenerate makes a new job in the same channel; Delete removes the images and their Slack copies", async () => {
    h = await slackHarness();
    await h.slash("/imagine", "a glass city");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    const message = await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.text.startsWith("Done")));

    await h.press("px:job:regenerate", job!.id, { messageTs: message.ts });
    const rerun = await h.jobMatching((j) => j.parentJobId === job!.id);
    expect(rerun).toMatchObject({ prompt: "a glass city", idempotencyKey: expect.stringMatching(/^slack:trigger-/) });
    const second = await h.fake.waitFor(() => h!.fake.callsTo("chat.postMessage")[1]);
    expect(second.args).toMatchObject({ channel: CHANNEL, text: "Queued — position 1, costs 1 credit: a glass city" });

    const uploadedFile = (h.fake.callsTo("files.completeUploadExternal")[0]!.args.files as { id: string }[])[0]!.id;
    const res = await h.press("px:job:delete", job!.id, { messageTs: message.ts });
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.ts === message.ts && text(m.blocks).includes("The images were deleted.")));
    expect(h.fake.callsTo("files.delete").map((c) => c.args.file)).toEqual([uploadedFile]);
    expect(await h.store.images.listForJob(job!.id)).toEqual([]);

    // Someone else may not delete.
    const other = await h.press("px:job:delete", rerun.id, { user: "U0BOB", responseId: "bob-delete" });
    expect(other.status).toBe(200);
    const refused = await h.fake.waitFor(() => h!.fake.responses.find((r) => r.id === "bob-delete"));
    expect(refused.body.text).toBe("Only the person who asked for this image or a workspace admin can delete it.");
  });

  it("waits out Slack's ratelimited answer and still updates the message", async () => {
    h = await slackHarness();
    h.fake.rateLimit("chat.update");
    await h.slash("/imagine", "a slow snail");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.text.startsWith("Done")), 10_000);
    expect(h.fake.callsTo("chat.update").length).toBeGreaterThanOrEqual(2);
  });

  it("an upload Slack refuses (a missing scope) is logged and the message still shows the result", async () => {
    h = await slackHarness({ failing: { "files.getUploadURLExternal": "missing_scope" } });
    await h.slash("/imagine", "an unshareable sunset");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    const message = await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    expect(text(message.blocks)).not.toContain("The images are posted");
    expect(h.logs.some((l) => l.msg === "uploading a job's images to Slack failed; its message is updated without them")).toBe(true);
  });
});
