import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "../../core/ports/image-provider.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import { CHANNEL, PUBLIC_IMAGES, slackHarness, type SlackHarness } from "./slack-harness.ts";

const blockText = (blocks: unknown) => JSON.stringify(blocks);
const buttonIds = (blocks: Record<string, unknown>[]) =>
  blocks.flatMap((b) => (b.type === "actions" ? (b.elements as { action_id: string }[]).map((e) => e.action_id) : []));

describe("Slack /imagine through Bolt on /slack/events", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it("acks, posts the queued message, then updates it with the uploaded images and buttons", async () => {
    const res = await h.slash("/imagine", "a red fox &amp; a hare --n 2 --seed 7");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");

    const posted = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);
    expect(posted.args.channel).toBe(CHANNEL);
    // Slack parses the fallback text like mrkdwn: "&" goes as "&amp;" (shown as "&").
    expect(posted.args.text).toBe("Queued — position 1, costs 2 credits: a red fox &amp; a hare");
    const [job] = await h.jobs();
    expect(job).toMatchObject({ source: "slack", prompt: "a red fox & a hare", count: 2, seed: 7, channelKey: `slack:T0PIXORLY/${CHANNEL}` });
    expect(job!.idempotencyKey).toMatch(/^slack:trigger-/);

    await h.settled(job!.id);
    const message = await h.fake.waitFor(() => {
      const stored = [...h.fake.messages.values()][0];
      return stored?.text.startsWith("Done") ? stored : null;
    });
    expect(buttonIds(message.blocks)).toEqual(["px:job:regenerate", "px:job:variations", "px:remix", "px:job:save", "px:job:details", "px:job:delete"]);
    expect(blockText(message.blocks)).toContain(job!.id);
    expect(blockText(message.blocks)).toContain("The images are posted in this conversation.");
    // Prompt text is escaped for mrkdwn, so what people type can never become markup or a ping.
    expect(blockText(message.blocks)).toContain("a red fox &amp; a hare");

    // Local storage is not public: the bytes went up through the external upload flow.
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(2);
    const complete = h.fake.callsTo("files.completeUploadExternal");
    expect(complete).toHaveLength(1);
    expect(complete[0]!.args.channel_id).toBe(CHANNEL);
    expect((complete[0]!.args.files as unknown[]).length).toBe(2);
    for (const bytes of h.fake.uploads.values()) expect(bytes.includes(Buffer.from(FAKE_PNG))).toBe(true);
  });

  it("a repeated delivery of the same command creates one job, charges once and posts once", async () => {
    const first = await h.slash("/imagine", "a lighthouse", { trigger: "trigger-same" });
    expect(first.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);
    const again = await h.slash("/imagine", "a lighthouse", { trigger: "trigger-same", headers: { "x-slack-retry-num": "1" } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { text: string }).text).toMatch(/^Already queued/);

    const jobs = await h.jobs();
    expect(jobs).toHaveLength(1);
    await h.settled(jobs[0]!.id);
    expect((await h.ledger()).filter((e) => e.kind === "charge")).toHaveLength(1);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("a rejection is an ephemeral ack that costs nothing and posts nothing", async () => {
    const res = await h.slash("/imagine", "a fox --n 9");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("--n must be between 1 and 4");
    expect(await h.jobs()).toHaveLength(0);
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("a button press works from the message: Save adds the images to the member's collection", async () => {
    await h.slash("/imagine", "a quiet harbour");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    await h.fake.waitFor(() => [...h.fake.messages.values()][0]?.text.startsWith("Done"));

    const res = await h.press("px:job:save", job!.id, { responseId: "save-press" });
    expect(res.status).toBe(200);
    const answer = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "save-press"));
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(answer.body.text).toBe("Saved 1 image(s) to your collection: `/collection` → My saved images.");
  });

  it("the channel collection contains the image afterwards, with a share link", async () => {
    await h.slash("/imagine", "a paper crane");
    const [job] = await h.jobs();
    await h.settled(job!.id);

    await h.slash("/collection", "", { responseId: "collection" });
    const page = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "collection"));
    const text = blockText(page.body.blocks);
    expect(text).toContain("#general");
    expect(text).toContain("1 image(s), page 1 of 1");
    expect(text).toContain(job!.id);
    expect(text).toMatch(new RegExp(`Share: ${h.base}/c/[\\w-]+`));
  });

  it("a failed job shows the reason and the refund", async () => {
    h.provider.script({ error: new ProviderError("CONTENT_POLICY", "refused", { retryable: false, userMessage: "The image service refused this prompt." }) });
    await h.slash("/imagine", "a storm");
    const [job] = await h.jobs();
    const settled = await h.settled(job!.id);
    expect(settled.status).toBe("failed");
    const message = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Failed")));
    expect(message.text).toContain("Failed: The image service refused this prompt. — 1 credit refunded");
    expect(buttonIds(message.blocks)).toEqual(["px:job:regenerate", "px:job:details"]);
  });

  it("with public image URLs the update carries image blocks and nothing is uploaded", async () => {
    await h.cleanup();
    h = await slackHarness({ publicImages: true });
    await h.slash("/imagine", "a public mural --n 2");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    const message = await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    const images = message.blocks.filter((b) => b.type === "image") as { image_url: string; alt_text: string }[];
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.image_url.startsWith(`${PUBLIC_IMAGES}/images/`)).toBe(true);
      expect(image.alt_text).toBe("a public mural");
    }
    expect(h.fake.callsTo("files.getUploadURLExternal")).toEqual([]);
  });

  it("a submit slower than the ack deadline is acked at once and answered through the response_url", async () => {
    await h.cleanup();
    h = await slackHarness({ slowSubmit: { delayMs: 300, ackDeadlineMs: 50 } });
    const started = performance.now();
    const res = await h.slash("/imagine", "a patient tortoise");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(performance.now() - started).toBeLessThan(250);
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);

    // A refusal decided inside the (slow) store call comes the same way.
    await h.store.workspaces.updateSettings((await h.workspace())!.id, { memberDailyCap: 1 }, h.clock.now());
    await h.slash("/imagine", "another tortoise", { responseId: "late-refusal" });
    const refusal = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "late-refusal"));
    expect(refusal.body).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/^Daily limit reached/) });
    expect(await h.jobs()).toHaveLength(1);
  });
});
