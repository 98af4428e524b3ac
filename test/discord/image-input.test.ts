import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags, type APIInteraction } from "discord.js";
import { remixButtonId, remixFormId } from "../../bots/discord/custom-id.ts";
import type { GenerateInput } from "../../core/ports/image-provider.ts";
import { DEFAULT_MODELS, ModelCatalog } from "../../core/domain/models.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { buttonPress, imagineWithImage, modalSubmit, signedHeaders, slashCommand } from "./interactions.ts";

const DAY_MS = 24 * 60 * 60_000;
const PHOTO = encodedImage("png", 64, 48);

type Body = Record<string, unknown> | null | undefined;
const footer = (body: Body) => (body?.embeds as { footer: { text: string } }[])[0]!.footer.text;
const buttonIds = (body: Body) => ((body?.components ?? []) as { components: { custom_id: string }[] }[]).flatMap((r) => r.components.map((b) => b.custom_id));
/** The input image a provider call received (null without one). */
const inputBytes = (call: GenerateInput | undefined) => (call?.inputImage ? Uint8Array.from(call.inputImage.bytes) : null);

describe("Discord: /imagine from an attached image, and Remix", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  /** /imagine with PHOTO attached, run to the end; returns its job id. */
  async function fromPhoto(prompt = "a lighthouse at dusk", extra: Record<string, string | number | boolean> = {}) {
    const attachment = d.fake.attach({ filename: "photo.png", bytes: PHOTO });
    const interaction = imagineWithImage({ prompt, ...extra }, attachment);
    const queued = await d.send(interaction);
    expect(queued.data?.content).toMatch(/^Queued — position 1, costs \d+ credits?$/);
    const done = await d.finalEdit(interaction);
    expect(done.body?.content).toMatch(/^Done/);
    return { jobId: footer(done.body), done, attachment };
  }

  for (const transport of ["http", "gateway"] as const) {
    it(`over ${transport === "http" ? "HTTP interactions" : "the gateway"}: the job starts from the attachment's bytes, and the result offers Remix`, async () => {
      d = await discordHarness({ transport });
      const { jobId, done } = await fromPhoto();
      // The provider got the bytes the CDN served, checked; the job keeps its own copy of them.
      expect(inputBytes(d.h.provider().calls[0])).toEqual(PHOTO);
      const job = (await d.h.store.jobs.get(jobId))!;
      expect(job.inputImageKey).toEqual(expect.any(String));
      expect(Uint8Array.from((await d.h.storage.get(job.inputImageKey!))!.bytes)).toEqual(PHOTO);
      expect(buttonIds(done.body)).toContain(remixButtonId(jobId, 0));
      expect(d.fake.cdnFetches).toHaveLength(1);
    });
  }

  it("Platform rule: a remix days after the original works from the stored result, though Discord's attachment link has expired", async () => {
    d = await discordHarness({ transport: "gateway" });
    const { jobId, attachment } = await fromPhoto("a lighthouse at dusk", { aspect: "16:9" });

    d.h.clock.advance(3 * DAY_MS);
    d.fake.expireAttachments();
    expect((await fetch(attachment.url)).status).toBe(404);

    const press = await d.send(buttonPress(remixButtonId(jobId, 0)));
    expect(press.type).toBe(InteractionResponseType.Modal);
    const form = press.data as unknown as { custom_id: string; components: { component: { custom_id: string; value?: string; options?: { value: string; default?: boolean }[] } }[] };
    expect(form.custom_id).toBe(remixFormId(jobId, 0));
    const field = (id: string) => form.components.find((c) => c.component.custom_id === id)!.component;
    expect(field("prompt").value).toBe("a lighthouse at dusk");
    expect(field("model").options!.find((o) => o.default)?.value).toBe("local");
    expect(field("aspect").options!.find((o) => o.default)?.value).toBe("16:9");

    const submit = modalSubmit(form.custom_id, { prompt: "a lighthouse in snow", model: "local", aspect: "16:9", strength: "0.4" });
    const queued = await d.send(submit);
    expect(queued.data?.content).toMatch(/^Queued — position 1, costs 1 credit$/);
    const done = await d.finalEdit(submit);
    const remixId = footer(done.body);
    const remix = (await d.h.store.jobs.get(remixId))!;
    expect(remix).toMatchObject({ parentJobId: jobId, prompt: "a lighthouse in snow", aspectRatio: "16:9", status: "completed" });
    expect(remix.inputImageKey).toEqual(expect.any(String));
    // The remix started from the original's stored result (the scripted provider's FAKE_PNG), not from the attachment.
    const call = d.h.provider().calls[1];
    expect(inputBytes(call)).toEqual(FAKE_PNG);
    expect(call?.strength).toBe(0.4);
    expect(d.fake.cdnFetches).toHaveLength(2);
    expect(d.fake.calls.filter((c) => (c.status ?? 0) >= 400)).toEqual([]);
  });

  it("a remix of a private result is answered privately, and the form's strength must be a number", async () => {
    d = await discordHarness({ transport: "http" });
    const { jobId } = await fromPhoto("a fox", { private: true });
    const form = remixFormId(jobId, 0);
    const before = (await d.workspace())!.balance;

    const bad = await d.send(modalSubmit(form, { prompt: "a fox in snow", model: "local", aspect: "1:1", strength: "strong" }, {}, MessageFlags.Ephemeral));
    expect(bad.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^Strength must be a number from 0.05 to 1 .*Nothing was charged\.$/) });
    const outOfRange = await d.send(modalSubmit(form, { prompt: "a fox in snow", model: "local", aspect: "1:1", strength: "3" }, {}, MessageFlags.Ephemeral));
    expect(outOfRange.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: "The strength must be a number from 0.05 to 1." });
    expect((await d.workspace())!.balance).toBe(before);

    const ok = await d.send(modalSubmit(form, { prompt: "a fox in snow", model: "local", aspect: "1:1", strength: "" }, {}, MessageFlags.Ephemeral));
    expect(ok.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^Queued/) });
    const remix = (await d.h.store.jobs.get(footer(ok.data)))!;
    expect(remix.private).toBe(true);
  });

  it("refuses, with clear words and nothing charged: a model without image input, a file that is not an image, one over 10 MB, and bytes that are not an image", async () => {
    // A catalog (MODELS_FILE) with one model that only draws from text.
    const textOnly = { ...DEFAULT_MODELS.find((m) => m.id === "local")!, id: "local-text-only", displayName: "Text only", imageInput: undefined };
    d = await discordHarness({ transport: "http", engine: { catalog: ModelCatalog.forProviders(["local"], [textOnly]) } });
    await d.send(slashCommand("credits"));
    const balance = (await d.workspace())!.balance;
    const refuse = async (interaction: APIInteraction, words: RegExp) => {
      const answer = await d.send(interaction);
      expect(answer.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(words) });
    };

    await refuse(
      imagineWithImage({ prompt: "a fox", model: "local-text-only" }, d.fake.attach({ filename: "photo.png", bytes: PHOTO })),
      /^Text only cannot start from an image\. Models that can: local\. Nothing was charged\.$/,
    );
    await refuse(
      imagineWithImage({ prompt: "a fox" }, d.fake.attach({ filename: "notes.txt", bytes: new TextEncoder().encode("hello"), contentType: "text/plain" })),
      /^`notes\.txt` is not an image Pixorly can use: attach a PNG, JPEG or WebP image\. Nothing was charged\.$/,
    );
    await refuse(
      imagineWithImage({ prompt: "a fox" }, d.fake.attach({ filename: "huge.png", bytes: PHOTO, size: 11 * 1024 * 1024 })),
      /^`huge\.png` is 11\.0 MB; Pixorly takes images up to 10 MB\. Nothing was charged\.$/,
    );
    // Declared as a PNG, but the bytes are not: the engine's check of the downloaded bytes refuses it.
    await refuse(
      imagineWithImage({ prompt: "a fox" }, d.fake.attach({ filename: "fake.png", bytes: new TextEncoder().encode("<html>not a picture</html>") })),
      /not a PNG, JPEG or WebP image\. Nothing was charged\./,
    );

    // Only the last one was downloaded; none was charged or queued.
    expect(d.fake.cdnFetches).toHaveLength(1);
    const workspace = (await d.workspace())!;
    expect(workspace.balance).toBe(balance);
    expect(await d.h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toEqual([]);
    expect(d.h.provider().calls).toEqual([]);
  });

  it("a Remix form submission passes the same signature and timestamp gates as every interaction (MODAL_SUBMIT over HTTP)", async () => {
    d = await discordHarness({ transport: "http" });
    const { jobId } = await fromPhoto();
    const submit = modalSubmit(remixFormId(jobId, 0), { prompt: "a lighthouse in snow", model: "local", aspect: "1:1" });
    const body = JSON.stringify(submit);
    const headers = signedHeaders(d.keys.privateKey, body);
    expect((await d.post(body, { "content-type": "application/json" })).status).toBe(401);
    expect((await d.post(body.replace("snow", "rain"), headers)).status).toBe(401);
    const hourOld = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await d.post(body, signedHeaders(d.keys.privateKey, body, hourOld))).status).toBe(401);
    const workspace = (await d.workspace())!;
    expect(await d.h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toHaveLength(1);

    const accepted = await d.post(body);
    expect(accepted.status).toBe(200);
    expect(accepted.json?.data?.content).toMatch(/^Queued/);
    // Playing Discord: the response created the reply, which the result then edits.
    d.fake.replied(submit.token);
    expect((await d.finalEdit(submit)).body?.content).toMatch(/^Done/);
  });

  it("Remix on another member's private result, or a deleted one, is refused privately and opens no form", async () => {
    d = await discordHarness({ transport: "http" });
    const { jobId } = await fromPhoto("a secret fox", { private: true });
    const stranger = await d.send(buttonPress(remixButtonId(jobId, 0), { userId: "400000000000000002" }));
    expect(stranger.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(stranger.data?.flags).toBe(MessageFlags.Ephemeral);

    await d.send(buttonPress(`px:delete:${jobId}`));
    const gone = await d.send(buttonPress(remixButtonId(jobId, 0)));
    expect(gone.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(gone.data?.flags).toBe(MessageFlags.Ephemeral);
  });

  it("Platform rule: a modal cannot be deferred, so a Remix form that cannot be drafted in time asks to press again (never \"interaction failed\")", async () => {
    const delay = { ms: 0 };
    d = await discordHarness({ transport: "gateway", storeDelay: delay, deferAfterMs: 100 });
    const { jobId } = await fromPhoto();
    delay.ms = 300;
    const slow = await d.send(buttonPress(remixButtonId(jobId, 0)));
    expect(slow).toMatchObject({
      type: InteractionResponseType.ChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral, content: "Pixorly took too long to open the Remix form. Please press Remix again." },
    });
    delay.ms = 0;
    expect((await d.send(buttonPress(remixButtonId(jobId, 0)))).type).toBe(InteractionResponseType.Modal);
  });
});
