import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REMIX_ACTION_ID } from "../../bots/slack/action-ids.ts";
import { REMIX_SHORTCUT_CALLBACK_ID } from "../../bots/slack/message-shortcuts.ts";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import { ModelCatalog } from "../../core/domain/models.ts";
import { encodedImage, startFakeServer } from "../unit/providers/fixtures.ts";
import type { SlackFileObject } from "./fake-slack.ts";
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

  it("Slack refuses a view whose private_metadata is over 3000 characters (invalid_arguments), and the fake does too", async () => {
    const open = async (metadata: string, trigger: string) => {
      h.fake.issueTrigger(trigger);
      const response = await fetch(`${h.fake.apiUrl}views.open`, {
        method: "POST",
        headers: { authorization: `Bearer ${BOT_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ trigger_id: trigger, view: { type: "modal", title: { type: "plain_text", text: "x" }, blocks: [], private_metadata: metadata } }),
      });
      return (await response.json()) as { ok: boolean; error?: string };
    };
    expect(await open("m".repeat(3_001), "t-long")).toEqual({ ok: false, error: "invalid_arguments" });
    expect(await open("m".repeat(3_000), "t-fits")).toMatchObject({ ok: true });
  });

  it("a mention whose file is not an image is refused with the file's name, escaped; nothing is charged", async () => {
    const pdf = h.fake.addFile({ name: "<!channel> notes.pdf", mimetype: "application/pdf", bytes: new Uint8Array(100) });
    expect((await mention("a watercolour version", { files: [pdf] })).status).toBe(200);
    const [words] = await h.fake.waitFor(() => (ephemerals().length ? ephemerals() : null));
    expect(words).toMatch(/"&lt;!channel&gt; notes\.pdf" is not a PNG, JPEG or WebP image, so Pixorly cannot start from it\. Nothing was charged\./);
    expect(h.fake.fileFetches).toEqual([]);
    await nothingCharged();
  });

  it("a file Slack says is larger than 10 MB is refused before it is downloaded; nothing is charged", async () => {
    const big = h.fake.addFile({ name: "huge.jpg", mimetype: "image/jpeg", bytes: photo, size: INPUT_IMAGE_MAX_BYTES + 1 });
    await mention("make it pop", { files: [big] });
    const [words] = await h.fake.waitFor(() => (ephemerals().length ? ephemerals() : null));
    expect(words).toMatch(/"huge\.jpg" is larger than 10 MB.*Nothing was charged/);
    expect(h.fake.fileFetches).toEqual([]);
    await nothingCharged();
  });

  it("Slack rate-limits conversations.replies (one a minute outside the Marketplace): a thread whose parent cannot be read is refused at once with words", async () => {
    const parent = h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "look", files: [h.fake.addFile({ name: "cat.png", mimetype: "image/png", bytes: photo })] });
    h.fake.rateLimit("conversations.replies", 5);
    const started = Date.now();
    await mention("a watercolour version", { threadTs: parent.ts });
    const [words] = await h.fake.waitFor(() => (ephemerals().length ? ephemerals() : null));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(words).toMatch(/could not look at this thread's first message.*"ratelimited".*Nothing was charged/);
    expect(h.fake.callsTo("conversations.replies")).toHaveLength(1);
    await nothingCharged();
  });

  it("the shortcut on a message without an image answers privately and opens no modal", async () => {
    const message = h.fake.asMessage(h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "no picture here" }));
    const response = await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, message, { responseId: "no-image" });
    expect(response.status).toBe(200);
    const answer = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "no-image"));
    expect(answer.body).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/no image/) });
    expect(h.fake.callsTo("views.open")).toEqual([]);
  });

  it("a shortcut payload that is not in Slack's shape (no message) is refused before any listener", async () => {
    const { interactionBody, signatureHeaders } = await import("./signing.ts");
    const body = interactionBody({ type: "message_action", callback_id: REMIX_SHORTCUT_CALLBACK_ID, trigger_id: "t", user: { id: "U0ALICE" }, team: { id: "T0PIXORLY" }, channel: { id: CHANNEL } });
    const response = await h.post(body, signatureHeaders(body));
    expect(response.status).toBe(400);
  });

});

/** The local provider's models: "local" takes an input image (the core's catalog says so), "local-text" does not. */
function catalogWithTextOnlyModel(): ModelCatalog {
  const local = ModelCatalog.forProviders(["local"]).get("local")!;
  return new ModelCatalog([local, { ...local, id: "local-text", displayName: "Text only", imageInput: undefined }], "local");
}

describe("Slack image input, through the core", () => {
  let h: SlackHarness;
  let events = 0;
  beforeEach(async () => {
    h = await slackHarness({ catalog: catalogWithTextOnlyModel() });
  });
  afterEach(() => h.cleanup());

  const mention = (text: string, o: { files?: unknown[]; threadTs?: string } = {}) => {
    const ts = `1700000200.${String(++events).padStart(6, "0")}`;
    return h.event(
      { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> ${text}`, ts, event_ts: ts, channel: CHANNEL, ...(o.threadTs ? { thread_ts: o.threadTs } : {}), ...(o.files ? { files: o.files } : {}) },
      { eventId: `EvCore${events}` },
    );
  };
  /** The input image bytes the provider was given for its `n`th call. */
  const inputOf = (n: number) => providerInput(h.provider.calls[n]);
  const charges = async () => (await h.ledger()).filter((e) => e.kind === "charge");
  /** The remix form the fake holds (after views.update filled it): its view id and view. */
  const remixForm = () =>
    h.fake.waitFor(() => [...h.fake.views.entries()].reverse().find(([, v]) => v.callback_id === "px:remix-form") ?? null);
  const shareInChannel = (file: SlackFileObject, text = "our mascot") => h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text, files: [file] });

  it("a mention in a thread starts from the image on the thread's first message, downloaded with the bot token", async () => {
    const parent = shareInChannel(h.fake.addFile({ name: "mascot.png", mimetype: "image/png", bytes: photo }));
    expect((await mention("a watercolour version", { threadTs: parent.ts })).status).toBe(200);
    const job = await h.jobMatching((j) => j.prompt === "a watercolour version");
    expect(await h.settled(job.id)).toMatchObject({ status: "completed" });
    expect(inputOf(0)).toEqual(photo);
    expect(h.fake.fileFetches).toEqual([{ fileId: parent.files![0]!.id, authorized: true }]);
    // The answer goes into the thread, and the job keeps its own copy of the input.
    const posted = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    expect(posted.thread_ts).toBe(parent.ts);
    expect((await h.store.jobs.get(job.id))!.inputImageKey).toBeTruthy();
  });

  it("the mention's own image wins over the thread parent's; a parent without an image leaves a text prompt", async () => {
    const own = h.fake.addFile({ name: "own.png", mimetype: "image/png", bytes: photo });
    const parent = shareInChannel(h.fake.addFile({ name: "other.png", mimetype: "image/png", bytes: encodedImage("png", 8, 8) }));
    await mention("ink sketch", { threadTs: parent.ts, files: [own] });
    await h.settled((await h.jobMatching((j) => j.prompt === "ink sketch")).id);
    expect(inputOf(0)).toEqual(photo);
    expect(h.fake.callsTo("conversations.replies")).toEqual([]);

    const plain = h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "just words" });
    await mention("a lighthouse", { threadTs: plain.ts });
    const job = await h.settled((await h.jobMatching((j) => j.prompt === "a lighthouse")).id);
    expect(job.inputImageKey).toBeNull();
    expect(inputOf(1)).toBeUndefined();
  });

  it("Slack Connect files arrive as stubs (file_access: check_file_info): files.info fills them in before the download", async () => {
    const file = h.fake.addFile({ name: "partner.jpg", mimetype: "image/png", bytes: photo });
    await mention("in our colours", { files: [h.fake.connectStub(file)] });
    await h.settled((await h.jobMatching((j) => j.prompt === "in our colours")).id);
    expect(h.fake.callsTo("files.info").map((c) => c.args.file)).toEqual([file.id]);
    expect(inputOf(0)).toEqual(photo);
  });

  it("message shortcut -> modal -> a job that used the message's image, answered in the message's thread", async () => {
    const message = shareInChannel(h.fake.addFile({ name: "mascot.png", mimetype: "image/png", bytes: photo }));
    const response = await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, h.fake.asMessage(message));
    expect(response.status).toBe(200);
    const [viewId, form] = await remixForm();
    expect(JSON.stringify(form)).toContain("mascot.png");
    // The modal carries no token: the submission's own authorization supplies it.
    expect(String(form.private_metadata)).not.toContain(BOT_TOKEN);

    const submitted = await h.submitView(viewId, { prompt: "a watercolour version", model: "local", strength: "0.4" });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toBe("");
    const job = await h.settled((await h.jobMatching((j) => j.prompt === "a watercolour version")).id);
    expect(job.status).toBe("completed");
    expect(inputOf(0)).toEqual(photo);
    expect(h.provider.calls[0]!.strength).toBe(0.4);
    const posted = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    expect(posted.thread_ts).toBe(message.ts);
  });

  it("Remix days later: the file is gone from Slack, the form is prefilled, and the job starts from the stored result", async () => {
    const result = encodedImage("png", 40, 30);
    h.provider.script(async (input) => ({ images: [{ bytes: result, contentType: "image/png", width: input.width, height: input.height }], costUsd: 0.01 }));
    const file = h.fake.addFile({ name: "mascot.png", mimetype: "image/png", bytes: photo });
    await mention("a <b>bold</b> fox & friends", { files: [file] });
    const original = await h.settled((await h.jobMatching((j) => j.prompt.includes("fox"))).id);
    const done = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));

    h.clock.advance(9 * 24 * 3_600_000);
    h.fake.deleteFile(file.id);
    expect((await fetch(file.url_private_download, { headers: { authorization: `Bearer ${BOT_TOKEN}` } })).status).toBe(404);

    expect((await h.press(REMIX_ACTION_ID, original.id, { messageTs: done.ts, threadTs: done.thread_ts })).status).toBe(200);
    const [viewId, form] = await remixForm();
    const prompt = (form.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === "prompt")!;
    // Plain text in the form (shown as typed), escaped in the message (never markup).
    expect(prompt.element!.initial_value).toBe("a <b>bold</b> fox & friends");
    expect(done.text).toContain("a &lt;b&gt;bold&lt;/b&gt; fox &amp; friends");

    const fetchesBefore = h.fake.fileFetches.length;
    await h.submitView(viewId, { prompt: "the same fox, at night", model: "local", strength: null });
    const remix = await h.settled((await h.jobMatching((j) => j.prompt === "the same fox, at night")).id);
    expect(remix).toMatchObject({ status: "completed", parentJobId: original.id });
    expect(inputOf(1)).toEqual(result);
    expect(h.fake.fileFetches.length).toBe(fetchesBefore);
    const remixMessage = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.includes("the same fox")));
    expect(remixMessage.thread_ts).toBe(done.thread_ts);
  });

  it("a model without image input is refused under the form's Model field; nothing is charged", async () => {
    const message = shareInChannel(h.fake.addFile({ name: "mascot.png", mimetype: "image/png", bytes: photo }));
    await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, h.fake.asMessage(message));
    const [viewId] = await remixForm();
    const answer = await h.submitView(viewId, { prompt: "a watercolour version", model: "local-text", strength: null });
    const body = (await answer.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe("errors");
    expect(body.errors.model).toMatch(/^Text only cannot start from an image\. Models that can: local\. Nothing was charged\.$/);

    // The same refusal for a mention that names such a model, in the author's private answer.
    await mention("a watercolour version --model local-text", { files: [h.fake.addFile({ name: "m.png", mimetype: "image/png", bytes: photo })] });
    const refusal = await h.fake.waitFor(() => h.fake.callsTo("chat.postEphemeral")[0]);
    expect(String(refusal.args.text)).toMatch(/Text only cannot start from an image.*Nothing was charged/);
    expect(await h.jobs()).toEqual([]);
    expect(await charges()).toEqual([]);
    expect(h.provider.calls).toEqual([]);
    // Refused before the image was even downloaded.
    expect(h.fake.fileFetches).toEqual([]);
  });

  it("a file larger than 10 MB though Slack declared it small is refused when fetched, under the form; nothing is charged", async () => {
    const oversized = new Uint8Array(INPUT_IMAGE_MAX_BYTES + 1024);
    oversized.set(photo);
    const message = shareInChannel(h.fake.addFile({ name: "liar.png", mimetype: "image/png", bytes: oversized, size: 2_000 }));
    await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, h.fake.asMessage(message));
    const [viewId] = await remixForm();
    const body = (await (await h.submitView(viewId, { prompt: "bigger", model: "local", strength: null })).json()) as { errors: Record<string, string> };
    expect(body.errors.prompt).toMatch(/larger than 10 MB.*Nothing was charged/);
    expect(await h.jobs()).toEqual([]);
    expect(await charges()).toEqual([]);
  });

  it("Remix of a private result stays private: the new job goes to the person's DM, not the channel", async () => {
    await mention("a secret fox --private", { files: [h.fake.addFile({ name: "fox.png", mimetype: "image/png", bytes: photo })] });
    const original = await h.settled((await h.jobMatching((j) => j.prompt === "a secret fox")).id);
    expect(original.private).toBe(true);
    await h.press(REMIX_ACTION_ID, original.id, { ephemeral: true });
    const [viewId] = await remixForm();
    await h.submitView(viewId, { prompt: "the secret fox, smiling", model: "local", strength: null });
    const remix = await h.settled((await h.jobMatching((j) => j.prompt === "the secret fox, smiling")).id);
    expect(remix.private).toBe(true);
    const posted = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.includes("the secret fox, smiling")));
    expect(posted.channel).toBe("DU0ALICE");
    expect([...h.fake.messages.values()].filter((m) => m.channel === CHANNEL && m.text.includes("secret"))).toEqual([]);
  });

  it("a trigger_id lives 3 seconds: the Remix button opens its modal before a slow store answers, then fills it", async () => {
    const slow = await slackHarness({ catalog: catalogWithTextOnlyModel(), storeDelayMs: 0 });
    try {
      await slow.event({ type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> a red fox`, ts: "1700000300.000001", channel: CHANNEL }, { eventId: "EvSlow" });
      const original = await slow.settled((await slow.jobMatching((j) => j.prompt === "a red fox")).id);
      slow.setStoreDelay(3_200);
      await slow.press(REMIX_ACTION_ID, original.id);
      expect(await slow.fake.waitFor(() => slow.fake.callsTo("views.open")[0]?.answer)).toMatchObject({ ok: true });
      const filled = await slow.fake.waitFor(() => [...slow.fake.views.values()].find((v) => v.callback_id === "px:remix-form"), 25_000);
      expect(JSON.stringify(filled)).toContain("a red fox");
    } finally {
      slow.setStoreDelay(0);
      await slow.cleanup();
    }
  }, 40_000);
});

/** The input image bytes a provider call carried (undefined without one). */
function providerInput(call: unknown): Uint8Array | undefined {
  const input = (call as { inputImage?: { bytes: Uint8Array } } | undefined)?.inputImage;
  return input ? new Uint8Array(input.bytes) : undefined;
}

describe("Slack text flags: --image <link> and --remix <job>", () => {
  let h: SlackHarness;
  let web: Awaited<ReturnType<typeof startFakeServer>>;
  /** Who asked the public image host for what, with which Authorization header. */
  const asked: { url: string; authorization: string | undefined }[] = [];
  beforeEach(async () => {
    asked.length = 0;
    web = await startFakeServer((request, response) => {
      asked.push({ url: request.url ?? "", authorization: request.headers.authorization });
      if (request.url === "/photo.png") return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(photo));
      response.writeHead(404).end();
    });
    h = await slackHarness({ imageHosts: [web.host] });
  });
  afterEach(async () => {
    await h.cleanup();
    await web.close();
  });

  it("/imagine --image <link> starts from a public image, fetched without any token", async () => {
    expect((await h.slash("/imagine", `in pencil --image ${web.origin}/photo.png --strength 0.3`)).status).toBe(200);
    const job = await h.settled((await h.jobMatching((j) => j.prompt === "in pencil")).id);
    expect(job.status).toBe("completed");
    expect(providerInput(h.provider.calls[0])).toEqual(photo);
    expect(h.provider.calls[0]!.strength).toBe(0.3);
    expect(asked).toEqual([{ url: "/photo.png", authorization: undefined }]);
  });

  it("Slack sends links in message text as <url|label>: a mention's --image is unwrapped, and wins over an attached file", async () => {
    const attached = h.fake.addFile({ name: "other.png", mimetype: "image/png", bytes: encodedImage("png", 8, 8) });
    await h.event(
      { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> in ink --image <${web.origin}/photo.png|photo.png>`, ts: "1700000400.000001", channel: CHANNEL, files: [attached] },
      { eventId: "EvLink" },
    );
    await h.settled((await h.jobMatching((j) => j.prompt === "in ink")).id);
    expect(providerInput(h.provider.calls[0])).toEqual(photo);
    expect(h.fake.fileFetches).toEqual([]);
  });

  it("a typed link to a Slack file gets no bot token (only files Slack hands us do): refused, nothing charged", async () => {
    const file = h.fake.addFile({ name: "secret.png", mimetype: "image/png", bytes: photo });
    const answer = await h.slash("/imagine", `a copy --image ${file.url_private_download}`);
    expect(await answer.json()).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/did not answer with an image.*Nothing was charged/) });
    expect(h.fake.fileFetches).toEqual([{ fileId: file.id, authorized: false }]);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toEqual([]);
  });

  it("/imagine --remix <job>/1 starts from that job's stored result", async () => {
    const result = encodedImage("png", 20, 20);
    h.provider.script(async (input) => ({ images: [{ bytes: result, contentType: "image/png", width: input.width, height: input.height }], costUsd: 0.01 }));
    await h.slash("/imagine", "a red fox");
    const original = await h.settled((await h.jobMatching((j) => j.prompt === "a red fox")).id);
    await h.slash("/imagine", `the fox in snow --remix ${original.id}/1`);
    const remix = await h.settled((await h.jobMatching((j) => j.prompt === "the fox in snow")).id);
    expect(remix).toMatchObject({ status: "completed", parentJobId: original.id });
    expect(providerInput(h.provider.calls[1])).toEqual(result);
  });
});

describe("Slack remix form, slow", () => {
  it("Slack wants a view_submission answered within 3 s: a slow remix turns the form into \"Starting…\", then into the outcome", async () => {
    const h = await slackHarness({ ackDeadlineMs: 1 });
    try {
      const message = h.fake.postUserMessage({ channel: CHANNEL, user: "U0BOB", text: "look", files: [h.fake.addFile({ name: "cat.png", mimetype: "image/png", bytes: photo })] });
      await h.shortcut(REMIX_SHORTCUT_CALLBACK_ID, h.fake.asMessage(message));
      const [viewId] = await h.fake.waitFor(() => [...h.fake.views.entries()].find(([, v]) => v.callback_id === "px:remix-form") ?? null);
      const answer = (await (await h.submitView(viewId, { prompt: "a cat in the rain", model: "local", strength: null })).json()) as { response_action: string; view: unknown };
      expect(answer.response_action).toBe("update");
      expect(JSON.stringify(answer.view)).toContain("Starting your remix");
      const outcome = await h.fake.waitFor(() => h.fake.callsTo("views.update").find((c) => c.args.view_id === viewId && JSON.stringify(c.args.view).includes("costs")));
      expect(JSON.stringify(outcome.args.view)).toMatch(/Queued.*costs 1 credit/);
      const job = await h.settled((await h.jobMatching((j) => j.prompt === "a cat in the rain")).id);
      expect(job.status).toBe("completed");
      await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done") && m.thread_ts === message.ts));
    } finally {
      await h.cleanup();
    }
  });
});
