import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import type { DescribeInput, ImageDescriber } from "../../core/ports/image-describer.ts";
import { createLocalDescriber } from "../../core/providers/describe/local-describer.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { encodedImage, HTML_ERROR_PAGE, startFakeServer } from "../unit/providers/fixtures.ts";
import { DESCRIBE_SHORTCUT } from "../../bots/slack/handle-describe-shortcut.ts";
import { blocksViolation } from "./fake-slack.ts";
import { BOT_TOKEN, CHANNEL, slackHarness, type SlackHarness } from "./slack-harness.ts";

const png = encodedImage("png", 80, 120);
let files: Awaited<ReturnType<typeof startFakeServer>>;
const fileAuth: (string | undefined)[] = [];

/** Plays the web (a public image) and Slack's file host (url_private: the bot token or nothing). */
beforeAll(async () => {
  files = await startFakeServer((request, response) => {
    if (request.url === "/photo.png") return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
    if (request.url === "/page.html") return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
    if (request.url === "/huge.png") {
      response.writeHead(200, { "content-type": "image/png" });
      response.write(Buffer.from(png));
      return response.end(Buffer.alloc(INPUT_IMAGE_MAX_BYTES));
    }
    if (request.url === "/files-pri/T0PIXORLY-F01/photo.png") {
      fileAuth.push(request.headers.authorization);
      // Like Slack: without the token a private file URL answers with a sign-in page.
      if (request.headers.authorization !== `Bearer ${BOT_TOKEN}`) return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
      return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
    }
    return response.writeHead(404).end();
  });
});
afterAll(() => files.close());

interface Block {
  type: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string };
}
const suggestionButtons = (blocks: unknown) => ((blocks ?? []) as Block[]).flatMap((b) => (b.accessory ? [b.accessory] : []));

describe("Slack /describe and the Describe with Pixorly shortcut: suggestions with buttons that run /imagine", () => {
  let h: SlackHarness;
  afterEach(async () => h?.cleanup());
  const imageFetch = () => createSafeImageFetch({ allowHosts: [files.host], allowHttp: true });
  const balance = async () => (await h.workspace())!.balance;
  const response = (id: string) => h.fake.waitFor(() => h.fake.responses.find((r) => r.id === id));

  it("/describe <url> acks at once, answers privately with a button per suggestion, and a press runs /imagine as the presser", async () => {
    h = await slackHarness({ imageFetch: imageFetch() });
    const res = await h.slash("/describe", `<${files.origin}/photo.png>`, { trigger: "trigger-d1" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const answer = await response("trigger-d1");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(String(answer.body.text)).toMatch(/^4 prompt suggestions from Local colour reader \(not an AI model\) \(1 credit\)/);
    const buttons = suggestionButtons(answer.body.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual(["px:describe:0", "px:describe:1", "px:describe:2", "px:describe:3"]);
    expect(buttons[0]!.value).toMatch(/tall/);
    expect(await balance()).toBe(9);

    const pressed = await h.press("px:describe:2", buttons[2]!.value, { user: "U0BOB", ephemeral: true });
    expect(pressed.status).toBe(200);
    const job = await h.jobMatching((j) => j.prompt === buttons[2]!.value);
    await h.settled(job.id);
    const presser = await h.store.workspaces.findUserByIdentity("slack", "T0PIXORLY/U0BOB");
    expect(job.userId).toBe(presser!.id);
    const posted = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);
    expect(posted.args.channel).toBe(CHANNEL);
    expect(await balance()).toBe(8);
  });

  it('the "Describe with Pixorly" message shortcut reads the message\'s image file with the bot token, sent to the file\'s origin only', async () => {
    h = await slackHarness({ imageFetch: imageFetch() });
    fileAuth.length = 0;
    const file = { id: "F01", name: "photo.png", mimetype: "image/png", url_private: `${files.origin}/files-pri/T0PIXORLY-F01/photo.png` };
    const res = await h.shortcut(DESCRIBE_SHORTCUT.callbackId, { files: [file] }, { trigger: "trigger-s1" });
    expect(res.status).toBe(200);
    const answer = await response("trigger-s1");
    expect(suggestionButtons(answer.body.blocks)).toHaveLength(4);
    expect(fileAuth).toEqual([`Bearer ${BOT_TOKEN}`]);
    expect(await balance()).toBe(9);
  });

  it("the shortcut on a message without an image file says so and charges nothing", async () => {
    h = await slackHarness({ imageFetch: imageFetch() });
    await h.shortcut(DESCRIBE_SHORTCUT.callbackId, { text: "just words", files: [{ id: "F02", mimetype: "application/pdf", url_private: `${files.origin}/x.pdf` }] }, { trigger: "trigger-s2" });
    const answer = await response("trigger-s2");
    expect(answer.body.text).toBe("That message has no image file to describe. Nothing was charged.");
    expect(await h.ledger()).toEqual([]);
  });

  it("Slack rule: a command must be acked within 3 s, so a slow vision model answers through the response_url after the ack", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner = createLocalDescriber();
    const slow: ImageDescriber = { id: "local", describe: async (input: DescribeInput) => (await gate, inner.describe(input)) };
    h = await slackHarness({ imageFetch: imageFetch(), describers: new Map([["local", slow]]) });
    const started = performance.now();
    const res = await h.slash("/describe", `${files.origin}/photo.png`, { trigger: "trigger-slow" });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(h.fake.responses.find((r) => r.id === "trigger-slow")).toBeUndefined();
    release();
    expect(suggestionButtons((await response("trigger-slow")).body.blocks)).toHaveLength(4);
  });

  it("a repeated delivery of the same command is charged once", async () => {
    h = await slackHarness({ imageFetch: imageFetch() });
    await h.slash("/describe", `${files.origin}/photo.png`, { trigger: "trigger-same", responseId: "first" });
    await response("first");
    await h.slash("/describe", `${files.origin}/photo.png`, { trigger: "trigger-same", responseId: "second", headers: { "x-slack-retry-num": "1" } });
    expect(String((await response("second")).body.text)).toMatch(/already paid/);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toHaveLength(1);
    expect(await balance()).toBe(9);
  });

  it.each([
    ["not an image", "/page.html", /not a PNG, JPEG or WebP image/],
    ["larger than 10 MB", "/huge.png", /larger than 10 MB/],
  ])("refuses an image that is %s privately, charging nothing and saying so", async (_label, path, words) => {
    h = await slackHarness({ imageFetch: imageFetch() });
    await h.slash("/describe", `${files.origin}${path}`, { trigger: "trigger-bad" });
    const answer = await response("trigger-bad");
    expect(answer.body.response_type).toBe("ephemeral");
    expect(String(answer.body.text)).toMatch(words);
    expect(String(answer.body.text)).toMatch(/Nothing was charged\.$/);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toEqual([]);
    expect(await balance()).toBe(10);
  });

  it("/describe without an image says how to use it", async () => {
    h = await slackHarness({ imageFetch: imageFetch() });
    const res = await h.slash("/describe", "");
    expect(((await res.json()) as { text: string }).text).toMatch(/\/describe needs an image/);
  });

  it("Slack rule: a button value is at most 2,000 characters and section text 3,000 (the fake refuses more, as Slack does)", async () => {
    expect(blocksViolation([{ type: "section", text: { type: "mrkdwn", text: "a" }, accessory: { type: "button", action_id: "x", text: { type: "plain_text", text: "go" }, value: "v".repeat(2001) } }])).toMatch(/button value/);
    expect(blocksViolation([{ type: "section", text: { type: "mrkdwn", text: "t".repeat(3001) } }])).toMatch(/section text/);
    h = await slackHarness({ imageFetch: imageFetch() });
    await h.slash("/describe", `${files.origin}/photo.png`, { trigger: "trigger-limits" });
    expect(blocksViolation((await response("trigger-limits")).body.blocks)).toBeNull();
  });
});
