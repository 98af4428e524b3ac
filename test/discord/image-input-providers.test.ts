import { createCanvas, loadImage } from "@napi-rs/canvas";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelCatalog, type ProviderId } from "../../core/domain/models.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { base64, encodedImage, noisyImage } from "../unit/providers/fixtures.ts";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { imagineWithImage } from "./interactions.ts";

/** What the person attaches (noise, so any re-encoding would show), and what the fake providers answer. */
const PHOTO = noisyImage("png", 96, 64);
const RESULT = encodedImage("png", 1024, 1024);
const ALL: ProviderId[] = ["local", "openrouter", "openai", "sd-webui"];

/** The real providers, pointed at hosts nock answers in each provider's documented shape. */
function realProviders(): Map<ProviderId, ImageProvider> {
  return new Map<ProviderId, ImageProvider>([
    ["local", createLocalProvider()],
    ["openrouter", createOpenRouterProvider({ apiKey: "sk-or-test", baseUrl: "https://openrouter.test/api/v1" })],
    ["openai", createOpenAiProvider({ apiKey: "sk-test", baseUrl: "https://openai.test/v1" })],
    ["sd-webui", createSdWebUiProvider({ baseUrl: "http://gpu-box.test:7860" })],
  ]);
}

describe("Discord /imagine with an attached image, through each real provider (fakes in their documented shapes)", () => {
  let d: DiscordHarness;
  beforeEach(() => {
    nock.disableNetConnect();
    // The fake Discord, its CDN and the product's own server.
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(async () => {
    await d?.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  async function run(model: string, extra: Record<string, string | number | boolean> = {}, bytes = PHOTO) {
    d = await discordHarness({ transport: "gateway", engine: { providers: realProviders(), catalog: ModelCatalog.forProviders(ALL) } });
    const attachment = d.fake.attach({ filename: "photo.png", bytes });
    const interaction = imagineWithImage({ prompt: "a lighthouse at dusk", model, ...extra }, attachment);
    const queued = await d.send(interaction);
    expect(queued.data?.content).toMatch(/^Queued/);
    const done = await d.finalEdit(interaction, /^(Done|Failed)/);
    expect(done.body?.content).toMatch(/^Done/);
    return done;
  }

  it("OpenRouter: the attachment goes as an image_url content part (base64 data URL) beside the prompt", async () => {
    let content: { type: string; text?: string; image_url?: { url: string } }[] = [];
    const scope = nock("https://openrouter.test/api/v1")
      .post("/chat/completions")
      .reply(200, async (request: Request) => {
        const body = (await request.json()) as { messages: { content: typeof content }[] };
        content = body.messages[0]!.content;
        return {
          id: "gen-1",
          choices: [{ finish_reason: "stop", message: { role: "assistant", content: "", images: [{ type: "image_url", image_url: { url: `data:image/png;base64,${base64(RESULT)}` } }] } }],
        };
      });
    await run("google/gemini-2.5-flash-image");
    expect(scope.isDone()).toBe(true);
    expect(content.find((part) => part.type === "image_url")?.image_url?.url).toBe(`data:image/png;base64,${base64(PHOTO)}`);
  });

  it("OpenAI: the attachment goes to POST /images/edits as the multipart file part image[]", async () => {
    let file: File | null = null;
    const scope = nock("https://openai.test/v1")
      .post("/images/edits")
      .reply(200, async (request: Request) => {
        file = (await request.formData()).get("image[]") as File;
        return { created: 1, data: [{ b64_json: base64(RESULT) }] };
      });
    await run("gpt-image-1");
    expect(scope.isDone()).toBe(true);
    expect(new Uint8Array(await file!.arrayBuffer())).toEqual(PHOTO);
  });

  it("SD web UI: the attachment goes to img2img as init_images, with the strength as denoising_strength", async () => {
    let body: Record<string, unknown> = {};
    const scope = nock("http://gpu-box.test:7860")
      .post("/sdapi/v1/img2img")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as Record<string, unknown>;
        return { images: [base64(RESULT)], parameters: {}, info: "{}" };
      });
    await run("stable-diffusion", { strength: 0.3 });
    expect(scope.isDone()).toBe(true);
    expect(body).toMatchObject({ prompt: "a lighthouse at dusk", init_images: [base64(PHOTO)], denoising_strength: 0.3 });
  });

  it("the local renderer (offline, real) draws the attachment into its picture", async () => {
    const red = createCanvas(64, 64);
    const paint = red.getContext("2d");
    paint.fillStyle = "rgb(255, 0, 0)";
    paint.fillRect(0, 0, 64, 64);
    const done = await run("local", {}, new Uint8Array(red.encodeSync("png")));
    expect(done.files).toHaveLength(1);
    // The middle of the delivered picture is the attachment's colour.
    const picture = await loadImage(Buffer.from(done.files[0]!.bytes));
    const canvas = createCanvas(picture.width, picture.height);
    const context = canvas.getContext("2d");
    context.drawImage(picture, 0, 0);
    const [r, g, b] = context.getImageData(Math.floor(picture.width / 2), Math.floor(picture.height * 0.6), 1, 1).data;
    expect([r, g, b]).toEqual([255, 0, 0]);
  });
});
