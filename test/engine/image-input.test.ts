import Database from "better-sqlite3";
import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import { DEFAULT_MODELS, ModelCatalog, type ProviderId } from "../../core/domain/models.ts";
import type { Actor } from "../../core/engine/actor.ts";
import type { SubmitInput } from "../../core/engine/submit-generation.ts";
import { ORPHAN_SWEEP_DEFAULTS } from "../../core/engine/orphan-sweep.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { adminOf } from "../../core/ports/store-admin.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { base64, encodedImage, HTML_ERROR_PAGE, noisyImage, startFakeServer } from "../unit/providers/fixtures.ts";

/**
 * Issue #19, "start from an image", through the real engine, SQLite, local-disk storage and each
 * real provider against a fake of its documented API (nock at the network edge); input images
 * come from a fake file server on 127.0.0.1 through the engine's safe fetch.
 */
const input = noisyImage("png", 96, 64, 11);
const output = encodedImage("png", 1024, 1024);
const DAY = 86_400_000;
let originalGone = false;
type Fake = Awaited<ReturnType<typeof startFakeServer>>;
let files: Fake;

beforeAll(async () => {
  files = await startFakeServer((request, response) => {
    if (request.url === "/photo.png" && !originalGone) return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(input));
    if (request.url === "/page.html") return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
    if (request.url === "/huge.png") {
      response.writeHead(200, { "content-type": "image/png" });
      response.write(Buffer.from(input));
      return response.end(Buffer.alloc(INPUT_IMAGE_MAX_BYTES));
    }
    return response.writeHead(404).end();
  });
});
afterAll(() => files.close());
beforeEach(() => {
  originalGone = false;
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** What each fake provider API saw of the input image, as the bytes it carried. */
const seen: Uint8Array[] = [];

function fakeApis(): void {
  nock("https://openrouter.test/api/v1")
    .post("/chat/completions")
    .times(10)
    .reply(200, async (request: Request) => {
      const body = (await request.json()) as { messages: { content: { type: string; image_url?: { url: string } }[] }[] };
      const part = body.messages[0]!.content.find((p) => p.type === "image_url")!;
      seen.push(new Uint8Array(Buffer.from(part.image_url!.url.replace(/^data:image\/png;base64,/, ""), "base64")));
      return { id: "gen", choices: [{ finish_reason: "stop", message: { role: "assistant", content: "", images: [{ type: "image_url", image_url: { url: `data:image/png;base64,${base64(output)}` } }] } }] };
    });
  nock("https://openai.test/v1")
    .post("/images/edits")
    .times(10)
    .reply(200, async (request: Request) => {
      const form = await request.formData();
      seen.push(new Uint8Array(await (form.get("image[]") as Blob).arrayBuffer()));
      return { created: 1, data: [{ b64_json: base64(output) }] };
    });
  nock("http://gpu-box.test:7860")
    .post("/sdapi/v1/img2img")
    .times(10)
    .reply(200, async (request: Request) => {
      const body = (await request.json()) as { init_images: string[]; denoising_strength: number };
      seen.push(new Uint8Array(Buffer.from(body.init_images[0]!, "base64")));
      return { images: [base64(output)], parameters: {}, info: "{}" };
    });
}

function realProviders(): Map<ProviderId, ImageProvider> {
  return new Map<ProviderId, ImageProvider>([
    ["local", createLocalProvider()],
    ["openrouter", createOpenRouterProvider({ apiKey: "sk-or", baseUrl: "https://openrouter.test/api/v1" })],
    ["openai", createOpenAiProvider({ apiKey: "sk-test", baseUrl: "https://openai.test/v1" })],
    ["sd-webui", createSdWebUiProvider({ baseUrl: "http://gpu-box.test:7860" })],
  ]);
}

const ALL: ProviderId[] = ["local", "openrouter", "openai", "sd-webui"];

async function harness(extra: Parameters<typeof engineHarness>[0] = {}): Promise<EngineHarness> {
  const h = await engineHarness(
    { providers: realProviders(), imageFetch: createSafeImageFetch({ allowHosts: [files.host], allowHttp: true }), ...extra },
    ALL,
  );
  // Object times come from the real clock (file mtime); the sweep compares them with ours.
  h.clock.set(Date.now());
  return h;
}

function submit(h: EngineHarness, actor: Actor, model: string, extra: Partial<SubmitInput> = {}) {
  return h.engine.submit({
    actor,
    source: "discord",
    idempotencyKey: null,
    channelKey: "discord:w1/c1",
    replyTarget: null,
    request: { prompt: "the same cat, as a watercolour", model },
    inputImage: { kind: "url", url: `${files.origin}/photo.png` },
    ...extra,
  });
}

async function balanceOf(h: EngineHarness, actor: Actor): Promise<number> {
  return (await h.engine.resolve(actor)).workspace.balance;
}

/** The workspace's and the user's storage totals as the store holds them (not the engine's actor cache). */
async function storageOf(h: EngineHarness, workspaceId: string, userId: string) {
  return {
    workspace: (await h.store.workspaces.get(workspaceId))!.storageUsedBytes,
    user: await adminOf(h.store)!.userStorageBytes(userId),
  };
}

async function objectsOf(h: EngineHarness, workspaceId: string): Promise<string[]> {
  const day = new Date(h.clock.now()).toISOString().slice(0, 10);
  return (await h.storage.list(`${workspaceId}/${day}/`)).map((o) => o.key);
}

describe("start from an image (issue #19)", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    seen.length = 0;
    fakeApis();
    // PRO: enough credits for several edits at 6 credits an image.
    h = await harness({ defaultPlan: "PRO" });
    h.engine.start();
  });
  afterEach(() => h.cleanup());

  it.each([
    ["local", "local"],
    ["openrouter", "google/gemini-2.5-flash-image"],
    ["openai", "gpt-image-1"],
    ["sd-webui", "stable-diffusion"],
  ])("an image-input job runs end to end on %s with the job's stored copy of the input, at the catalog's edit price", async (provider, model) => {
    const actor = h.actor("u1", `w-${provider}`);
    const before = (await balanceOf(h, actor));
    const accepted = await submit(h, actor, model, { request: { prompt: "the same cat, as a watercolour", model, strength: 0.3 } });
    if (!accepted.ok) throw new Error(accepted.error.message);
    const job = await h.settled(accepted.value.job.id);
    expect(job.status).toBe("completed");
    expect(job.strength).toBe(0.3);
    expect(job.inputImageKey).toMatch(new RegExp(`^${job.workspaceId}/\\d{4}-\\d{2}-\\d{2}/${job.id}-input-96x64-`));
    expect((await h.storage.get(job.inputImageKey!))?.bytes).toEqual(input);
    const price = DEFAULT_MODELS.find((m) => m.id === model)!.imageInput!.creditsPerImage;
    expect(accepted.value.price).toBe(price);
    expect((await balanceOf(h, actor))).toBe(before - price);
    if (provider !== "local") expect(seen).toEqual([input]);
  });

  it("a remix days later uses the stored copies, not the original link: the rerun starts from the job's input, the remix from its result", async () => {
    const actor = h.actor();
    const first = await submit(h, actor, "gpt-image-1");
    if (!first.ok) throw new Error(first.error.message);
    const original = await h.settled(first.value.job.id);
    expect(original.status).toBe("completed");

    // A week later the platform's link is dead.
    h.clock.advance(7 * DAY);
    originalGone = true;
    expect((await submit(h, actor, "gpt-image-1")).ok).toBe(false);

    const rerun = await h.engine.rerun(actor, original.id, "regenerate", { source: "discord", idempotencyKey: null, channelKey: null, replyTarget: null });
    if (!rerun.ok) throw new Error(rerun.error.message);
    expect((await h.settled(rerun.value.job.id)).status).toBe("completed");

    const draft = await h.engine.remixDraft(actor, original.id, 0);
    if (!draft.ok) throw new Error(draft.error.message);
    expect(draft.value).toMatchObject({ jobId: original.id, prompt: original.prompt, model: "gpt-image-1", aspectRatio: "1:1" });
    expect(draft.value.imageModels).toEqual(DEFAULT_MODELS.filter((m) => m.imageInput).map((m) => m.id));
    const remix = await h.engine.submit({
      actor,
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt: "now at night", model: draft.value.model, aspectRatio: draft.value.aspectRatio },
      inputImage: { kind: "image", imageId: draft.value.imageId },
      parentJobId: draft.value.jobId,
    });
    if (!remix.ok) throw new Error(remix.error.message);
    const remixed = await h.settled(remix.value.job.id);
    expect(remixed).toMatchObject({ status: "completed", parentJobId: original.id });
    // Provider calls: the original (input), the rerun (the same stored input), the remix (the result).
    expect(seen).toEqual([input, input, output]);
  });

  it("a remix of a private result must be private: a public one is refused in words and charges nothing (an admin cannot publish a derivative of it)", async () => {
    const owner = h.actor("u1");
    const made = await submit(h, owner, "local", { request: { prompt: "my diary page", model: "local", private: true } });
    if (!made.ok) throw new Error(made.error.message);
    await h.settled(made.value.job.id);
    const admin = h.actor("u2", "w1", true);
    const draft = await h.engine.remixDraft(admin, made.value.job.id, 0);
    if (!draft.ok) throw new Error(draft.error.message);
    const before = await balanceOf(h, admin);
    const fromPrivate = { kind: "image", imageId: draft.value.imageId } as const;
    const refused = await submit(h, admin, "local", { request: { prompt: "the same, for everyone", model: "local" }, inputImage: fromPrivate });
    expect(refused).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST", message: expect.stringMatching(/image is private.*Nothing was charged\.$/) } });
    expect(await balanceOf(h, admin)).toBe(before);
    const kept = await submit(h, admin, "local", { request: { prompt: "the same, privately", model: "local", private: true }, inputImage: fromPrivate });
    expect(kept.ok && kept.value.job.private).toBe(true);
  });

  it("the orphan sweep keeps live jobs' inputs however old, and removes an input no job names", async () => {
    const actor = h.actor();
    const accepted = await submit(h, actor, "local");
    if (!accepted.ok) throw new Error(accepted.error.message);
    const job = await h.settled(accepted.value.job.id);
    const dead = job.inputImageKey!.replace(job.id, "job_01KDEADJOBDEADJOBDEADJOB00");
    await h.storage.put(dead, input, "image/png");

    h.clock.advance(ORPHAN_SWEEP_DEFAULTS.graceMs + 1_000);
    const swept = await h.engine.sweepOrphanImages();
    expect(swept.removed).toEqual([dead]);
    expect(await h.storage.get(job.inputImageKey!)).not.toBeNull();
    expect(await h.storage.get(dead)).toBeNull();
  });

  it("an input copy counts toward the workspace's and the user's storage from submit, before any result", async () => {
    const actor = h.actor("counted");
    await h.engine.stop(0);
    const accepted = await submit(h, actor, "local");
    if (!accepted.ok) throw new Error(accepted.error.message);
    const { job } = accepted.value;
    expect(job.status).toBe("pending");
    expect(await storageOf(h, job.workspaceId, job.userId)).toEqual({ workspace: input.length, user: input.length });
  });

  it("deleting a job's images deletes its input copy too; a Regenerate afterwards is refused with words and charges nothing", async () => {
    const actor = h.actor("private-photo");
    const accepted = await submit(h, actor, "local");
    if (!accepted.ok) throw new Error(accepted.error.message);
    const job = await h.settled(accepted.value.job.id);
    expect(job.status).toBe("completed");
    const key = job.inputImageKey!;
    const [image] = await h.store.images.listForJob(job.id);
    expect(await storageOf(h, job.workspaceId, job.userId)).toEqual({ workspace: input.length + image!.bytes, user: input.length + image!.bytes });

    const deleted = await h.engine.deleteImages(actor, job.id);
    expect(deleted.ok).toBe(true);
    expect(await h.storage.get(key)).toBeNull();
    expect(await objectsOf(h, job.workspaceId)).toEqual([]);
    expect((await h.store.jobs.get(job.id))?.inputImageKey).toBeNull();
    expect(await storageOf(h, job.workspaceId, job.userId)).toEqual({ workspace: 0, user: 0 });

    const before = await h.store.workspaces.get(job.workspaceId);
    const rerun = await h.engine.rerun(actor, job.id, "regenerate", { source: "discord", idempotencyKey: null, channelKey: null, replyTarget: null });
    expect(rerun.ok).toBe(false);
    if (rerun.ok) return;
    expect(rerun.error.code).toBe("BAD_INPUT_IMAGE");
    expect(rerun.error.message).toMatch(/gone from storage.*Nothing was charged/);
    expect((await h.store.workspaces.get(job.workspaceId))?.balance).toBe(before!.balance);
    expect(await h.store.jobs.list({ workspaceId: job.workspaceId, limit: 10 })).toHaveLength(1);
    expect(await storageOf(h, job.workspaceId, job.userId)).toEqual({ workspace: 0, user: 0 });
    // A second press finds nothing left and releases nothing twice.
    expect((await h.engine.deleteImages(actor, job.id)).ok).toBe(true);
    expect(await storageOf(h, job.workspaceId, job.userId)).toEqual({ workspace: 0, user: 0 });
  });

  it("forgetting the person deletes their jobs' input copies", async () => {
    const actor = h.actor("forgetful");
    const accepted = await submit(h, actor, "local");
    if (!accepted.ok) throw new Error(accepted.error.message);
    const job = await h.settled(accepted.value.job.id);
    const forgotten = await h.engine.forgetUser({ platform: "discord", externalUserId: "forgetful" });
    expect(forgotten.ok).toBe(true);
    expect(await h.storage.get(job.inputImageKey!)).toBeNull();
    expect((await h.store.jobs.get(job.id))?.inputImageKey).toBeNull();
    // The workspace stays; the input's bytes left its storage total with the person's images.
    expect((await h.store.workspaces.get(job.workspaceId))?.storageUsedBytes).toBe(0);
  });
});

describe("image input refusals cost nothing", () => {
  let h: EngineHarness;
  afterEach(() => h.cleanup());

  async function expectRefusedForNothing(extra: Partial<SubmitInput>, model: string, code: string, words: RegExp) {
    const actor = h.actor();
    const { workspace } = await h.engine.resolve(actor);
    const before = (await balanceOf(h, actor));
    const refused = await submit(h, actor, model, extra);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe(code);
    expect(refused.error.message).toMatch(words);
    expect(refused.error.message).toMatch(/Nothing was charged/);
    expect((await balanceOf(h, actor))).toBe(before);
    expect(await h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toEqual([]);
    expect(await objectsOf(h, workspace.id)).toEqual([]);
  }

  it("a model without image input is refused with the models that take one, before the image is even fetched", async () => {
    // A catalog where one model cannot take an input image (image-only Flux on OpenRouter, say).
    const plain = { ...DEFAULT_MODELS.find((m) => m.id === "local")!, id: "plain", displayName: "Plain", imageInput: undefined };
    const catalog = new ModelCatalog([plain, ...DEFAULT_MODELS.filter((m) => m.provider === "local")], "plain");
    h = await harness({ catalog });
    const fetched: string[] = [];
    const countingFetch = createSafeImageFetch({ allowHosts: [files.host], allowHttp: true });
    h.options.imageFetch = (url, signal, options) => (fetched.push(url), countingFetch(url, signal, options));
    await expectRefusedForNothing({}, "plain", "IMAGE_INPUT_UNSUPPORTED", /Plain cannot start from an image\. Models that can: local\./);
    expect(fetched).toEqual([]);
  });

  it("not an image is refused (BAD_INPUT_IMAGE) and nothing is charged or stored", async () => {
    h = await harness();
    await expectRefusedForNothing({ inputImage: { kind: "url", url: `${files.origin}/page.html` } }, "local", "BAD_INPUT_IMAGE", /not a PNG, JPEG or WebP/);
  });

  it("an image over the size limit is refused (BAD_INPUT_IMAGE) and nothing is charged or stored", async () => {
    h = await harness();
    await expectRefusedForNothing({ inputImage: { kind: "url", url: `${files.origin}/huge.png` } }, "local", "BAD_INPUT_IMAGE", /larger than 10 MB/);
  });

  it("an input copy that would not fit in the workspace's storage quota is refused (STORAGE_FULL) before it is stored, charging nothing", async () => {
    h = await harness();
    const actor = h.actor();
    const { workspace } = await h.engine.resolve(actor);
    // Room for less than the photo: a workspace nearly full of results.
    const db = new Database(h.file);
    db.prepare("UPDATE workspaces SET storage_used_bytes = storage_quota_bytes - ? WHERE id = ?").run(input.length - 1, workspace.id);
    db.close();
    const refused = await submit(h, actor, "local");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("STORAGE_FULL");
    expect(refused.error.message).toMatch(/no room left for the image to start from.*Nothing was charged/);
    expect(await objectsOf(h, workspace.id)).toEqual([]);
    expect(await balanceOf(h, actor)).toBe(workspace.balance);
    // The same request from text alone still fits: only the copy's bytes did not.
    expect((await submit(h, actor, "local", { inputImage: undefined })).ok).toBe(true);
  });

  it("a refusal after the input was stored (not enough credits) removes the stored copy", async () => {
    h = await harness();
    const actor = h.actor();
    const { workspace } = await h.engine.resolve(actor);
    // Four edits with gpt-image-1 cost 24 credits, more than a FREE workspace has.
    expect(workspace.balance).toBeLessThan(24);
    const refused = await submit(h, actor, "gpt-image-1", { request: { prompt: "x", model: "gpt-image-1", count: 4 } });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("INSUFFICIENT_CREDITS");
    expect(await objectsOf(h, workspace.id)).toEqual([]);
    expect((await h.store.workspaces.get(workspace.id))?.storageUsedBytes).toBe(0);
    expect(await balanceOf(h, actor)).toBe(workspace.balance);
  });
});
