import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REMIX_ACTION_ID } from "../../bots/slack/action-ids.ts";
import { REMIX_SHORTCUT_CALLBACK_ID } from "../../bots/slack/message-shortcuts.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import type { SlackFileObject, StoredMessage } from "./fake-slack.ts";
import { BOT_TOKEN, BOT_USER, CHANNEL, slackHarness, type SlackHarness } from "./slack-harness.ts";

const photo = encodedImage("png", 64, 48);

/**
 * Starting from an image on Slack: a file on the mention or on its thread's first message, the
 * "Remix with Pixorly" message shortcut, and the Remix button under a result. Real Bolt and
 * engine against the fake Slack, which serves shared files only to the bot token, as Slack does.
 */
describe("Slack image input", () => {
  let h: SlackHarness;
  let events = 0;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(() => h.cleanup());

  const mention = (text: string, o: { files?: unknown[]; threadTs?: string } = {}) => {
    const ts = `1700000100.${String(++events).padStart(6, "0")}`;
    return h.event(
      { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> ${text}`, ts, event_ts: ts, channel: CHANNEL, ...(o.threadTs ? { thread_ts: o.threadTs } : {}), ...(o.files ? { files: o.files } : {}) },
      { eventId: `Ev${events}` },
    );
  };
  /** The ephemeral words the mention's author got (chat.postEphemeral). */
  const ephemerals = () => h.fake.callsTo("chat.postEphemeral").map((c) => String(c.args.text));
  const nothingCharged = async () => {
    expect(await h.jobs()).toEqual([]);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toEqual([]);
  };

  it("Slack serves a shared file's private URLs only with a bot token: 403 without, 404 once deleted", async () => {
    const file = h.fake.addFile({ name: "cat.png", mimetype: "image/png", bytes: photo });
    expect((await fetch(file.url_private_download)).status).toBe(403);
    const withToken = await fetch(file.url_private, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(new Uint8Array(await withToken.arrayBuffer())).toEqual(photo);
    h.fake.deleteFile(file.id);
    expect((await fetch(file.url_private, { headers: { authorization: `Bearer ${BOT_TOKEN}` } })).status).toBe(404);
  });

  it("a mention whose file is not an image is refused with the file's name, escaped; nothing is charged", async () => {
    const pdf = h.fake.addFile({ name: "<!channel> notes.pdf", mimetype: "application/pdf", bytes: new Uint8Array(100) });
    expect((await mention("a watercolour version", { files: [pdf] })).status).toBe(200);
    const [words] = await h.fake.waitFor(() => ephemerals().length && ephemerals());
    expect(words).toMatch(/"&lt;!channel&gt; notes\.pdf" is not a PNG, JPEG or WebP image, so Pixorly cannot start from it\. Nothing was charged\./);
    expect(h.fake.fileFetches).toEqual([]);
    await nothingCharged();
  });

  it("a file Slack says is larger than 10 MB is refused before it is downloaded; nothing is charged", async () => {
    const big = h.fake.addFile({ name: "huge.jpg", mimetype: "image/jpeg", bytes: photo, size: INPUT_IMAGE_MAX_BYTES + 1 });
    await mention("make it pop", { files: [big] });
    const [words] = await h.fake.waitFor(() => ephemerals().length && ephemerals());
    expect(words).toMatch(/"huge\.jpg" is larger than 10 MB.*Nothing was charged/);
    expect(h.fake.fileFetches).toEqual([]);
    await nothingCharged();
  });

  it("Slack rate-limits conversations.replies (one a minute outside the Marketplace): a thread whose parent cannot be read is refused at once with words", async () => {
    const parent = h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "look", files: [h.fake.addFile({ name: "cat.png", mimetype: "image/png", bytes: photo })] });
    h.fake.rateLimit("conversations.replies", 5);
    const started = Date.now();
    await mention("a watercolour version", { threadTs: parent.ts });
    const [words] = await h.fake.waitFor(() => ephemerals().length && ephemerals());
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(words).toMatch(/could not look at this thread's first message.*"ratelimited".*Nothing was charged/);
    expect(h.fake.callsTo("conversations.replies")).toHaveLength(1);
    await nothingCharged();
  });

  it("the shortcut on a message without an image answers privately and opens no modal", async () => {
    const message = h.fake.asMessage(h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "no picture here" }));
    const { response, triggerId } = await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, message);
    expect(response.status).toBe(200);
    const answer = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === triggerId));
    expect(answer.body).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/no image/) });
    expect(h.fake.callsTo("views.open")).toEqual([]);
  });

  it("a shortcut payload that is not in Slack's shape (no message) is refused before any listener", async () => {
    const { interactionBody, signatureHeaders } = await import("./signing.ts");
    const body = interactionBody({ type: "message_action", callback_id: REMIX_SHORTCUT_CALLBACK_ID, trigger_id: "t", user: { id: "U0ALICE" }, team: { id: "T0PIXORLY" }, channel: { id: CHANNEL } });
    const response = await h.post(body, signatureHeaders(body));
    expect(response.status).toBe(400);
  });

  // Referenced by the tests that need the core's image input (added with it).
  void ({} as SlackFileObject | StoredMessage | typeof REMIX_ACTION_ID);
});
