import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags, type APIEmbed, type APIMessage } from "discord.js";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import type { DescribeInput, ImageDescriber } from "../../core/ports/image-describer.ts";
import { createLocalDescriber } from "../../core/providers/describe/local-describer.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { encodedImage, HTML_ERROR_PAGE, startFakeServer } from "../unit/providers/fixtures.ts";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { limitViolation } from "./fake-discord.ts";
import { APP_ID, buttonPress, describeCommand } from "./interactions.ts";

const png = encodedImage("png", 120, 80);
let cdn: Awaited<ReturnType<typeof startFakeServer>>;

/** Plays Discord's attachment CDN on 127.0.0.1. */
beforeAll(async () => {
  cdn = await startFakeServer((request, response) => {
    if (request.url?.startsWith("/attachments/photo.png")) return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
    if (request.url?.startsWith("/attachments/page.png")) return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(HTML_ERROR_PAGE));
    if (request.url?.startsWith("/attachments/huge.png")) {
      response.writeHead(200, { "content-type": "image/png" });
      response.write(Buffer.from(png));
      return response.end(Buffer.alloc(INPUT_IMAGE_MAX_BYTES));
    }
    return response.writeHead(404).end();
  });
});
afterAll(() => cdn.close());

/** The local describer, held until the test releases it (a slow vision model). */
function heldDescriber(): { describer: ImageDescriber; release: () => void; calls: () => number } {
  const inner = createLocalDescriber();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  return {
    describer: { id: "local", describe: async (input: DescribeInput) => (calls++, await gate, inner.describe(input)) },
    release,
    calls: () => calls,
  };
}

type Body = Record<string, unknown> | undefined;
const buttons = (body: Body) => ((body?.components ?? []) as { components: { custom_id: string; label: string }[] }[]).flatMap((r) => r.components);
const fields = (body: Body) => ((body?.embeds ?? []) as APIEmbed[])[0]?.fields ?? [];
const photo = () => ({ url: `${cdn.origin}/attachments/photo.png?ex=6a1b&is=6a1a&hm=abc` });

describe("/describe on Discord: an attachment in, prompt suggestions out, each a button that runs /imagine", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());
  const imageFetch = () => createSafeImageFetch({ allowHosts: [cdn.host], allowHttp: true });

  it("answers the asker privately with the suggestions and one button each; a press runs /imagine as the presser and charges them", async () => {
    d = await discordHarness({ transport: "http", imageFetch: imageFetch() });
    const answered = await d.send(describeCommand(photo()));
    expect(answered.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(answered.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(answered.data?.content).toMatch(/^4 prompt suggestions from Local colour reader \(not an AI model\) \(1 credit\)/);
    const suggestionFields = fields(answered.data);
    expect(suggestionFields).toHaveLength(4);
    expect(buttons(answered.data).map((b) => b.custom_id)).toEqual(["px:imagine-suggestion:0", "px:imagine-suggestion:1", "px:imagine-suggestion:2", "px:imagine-suggestion:3"]);
    expect((await d.workspace())!.balance).toBe(9);

    // Another member presses the second suggestion on the message Discord shows them.
    const press = buttonPress("px:imagine-suggestion:1", { userId: "400000000000000002" }, MessageFlags.Ephemeral, { embeds: answered.data?.embeds as APIMessage["embeds"] });
    const queued = await d.send(press);
    expect(queued.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(queued.data?.flags ?? 0).toBe(0);
    const done = await d.finalEdit(press);
    expect(String(done.body?.content)).toMatch(/^Done/);
    const [job] = await d.h.store.jobs.list({ workspaceId: (await d.workspace())!.id, limit: 5 });
    const expectedPrompt = /^```\n([\s\S]+)\n```$/.exec(String(suggestionFields[1]!.value))![1];
    expect(job).toMatchObject({ prompt: expectedPrompt, status: "completed" });
    const presser = await d.h.store.workspaces.findUserByIdentity("discord", "400000000000000002");
    expect(job!.userId).toBe(presser!.id);
    expect((await d.workspace())!.balance).toBe(8);
  });

  it("Discord rule: a custom_id is at most 100 characters, so suggestion buttons carry only their position and the prompt is read back from the message", async () => {
    expect(limitViolation({ components: [{ components: [{ custom_id: "x".repeat(101) }] }] })).toMatch(/custom_id longer than 100/);
    d = await discordHarness({ transport: "http", imageFetch: imageFetch() });
    const answered = await d.send(describeCommand(photo()));
    for (const b of buttons(answered.data)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
    expect(limitViolation(answered.data)).toBeNull();
    // A press on a message that no longer holds the suggestion refuses, charging nothing.
    const stale = await d.send(buttonPress("px:imagine-suggestion:0", {}, MessageFlags.Ephemeral, { embeds: [] }));
    expect(stale.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/no longer be read.*Nothing was charged/) });
    expect((await d.workspace())!.balance).toBe(9);
  });

  it("Discord rule: an interaction needs its response within 3 s, so a slow vision model is deferred (private, thinking) and the suggestions edit the reply", async () => {
    const held = heldDescriber();
    d = await discordHarness({ transport: "http", imageFetch: imageFetch(), describers: new Map([["local", held.describer]]), deferAfterMs: 50 });
    const interaction = describeCommand(photo());
    const first = await d.send(interaction);
    expect(first).toMatchObject({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    held.release();
    const edit = await d.fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(fields(edit.body ?? undefined)).toHaveLength(4);
    expect((await d.workspace())!.balance).toBe(9);
  });

  it("a redelivered interaction is charged once and calls the vision model once", async () => {
    const held = heldDescriber();
    held.release();
    d = await discordHarness({ transport: "http", imageFetch: imageFetch(), describers: new Map([["local", held.describer]]) });
    const interaction = describeCommand(photo());
    const first = await d.send(interaction);
    const again = await d.post(JSON.stringify(interaction));
    expect(again.json?.data?.content).toMatch(/already paid/);
    expect(fields(again.json?.data)).toEqual(fields(first.data));
    expect(held.calls()).toBe(1);
    expect((await d.workspace())!.balance).toBe(9);
  });

  it.each([
    ["not an image", "page.png", /not a PNG, JPEG or WebP image/],
    ["larger than 10 MB", "huge.png", /larger than 10 MB/],
    ["gone from the CDN", "expired.png", /did not answer with an image/],
  ])("refuses an attachment that is %s privately, charging nothing and saying so", async (_label, file, words) => {
    d = await discordHarness({ transport: "http", imageFetch: imageFetch() });
    const refused = await d.send(describeCommand({ url: `${cdn.origin}/attachments/${file}` }));
    expect(refused.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.data?.content).toMatch(words);
    expect(refused.data?.content).toMatch(/Nothing was charged\./);
    expect((await d.workspace())!.balance).toBe(10);
  });

  it("refuses an unknown vision model and a member without credits, charging nothing", async () => {
    d = await discordHarness({ transport: "http", imageFetch: imageFetch() });
    const unknown = await d.send(describeCommand(photo(), { model: "no-such-vision" }));
    expect(unknown.data?.content).toMatch(/Unknown describe model "no-such-vision"\. Available: local-describe\. Nothing was charged\./);
    const ws = (await d.workspace())!;
    await d.h.store.credits.append({ workspaceId: ws.id, kind: "adjustment", amount: -10, reason: "spent", now: d.h.clock.now() });
    const poor = await d.send(describeCommand(photo()));
    expect(poor.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^Not enough credits.*Nothing was charged\.$/) });
    expect((await d.workspace())!.balance).toBe(0);
  });

  it("works the same over the gateway (discord.js client): the attachment resolves and the answer is private", async () => {
    d = await discordHarness({ transport: "gateway", imageFetch: imageFetch() });
    const answered = await d.send(describeCommand(photo()));
    expect(answered.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(answered.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(fields(answered.data)).toHaveLength(4);
    expect((await d.workspace())!.balance).toBe(9);
  });

  it("registers /describe with an ATTACHMENT option (type 11)", async () => {
    const { commandDefinitions } = await import("../../bots/discord/command-definitions.ts");
    const describeDef = commandDefinitions().find((c) => c.name === "describe")!;
    expect(describeDef.options?.find((o) => o.name === "image")).toMatchObject({ type: 11, required: true });
  });
});
