import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelCatalog, type Model, type ProviderId } from "../../core/domain/models.ts";
import { NSFW_AVOID_TEXT, NSFW_NEGATIVE_PROMPT } from "../../core/domain/nsfw-policy.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { base64, encodedImage } from "../unit/providers/fixtures.ts";

/**
 * The workspace's NSFW setting end to end: /settings -> engine -> the real provider adapters ->
 * the HTTP request each provider's API receives (nock at the network edge, in the documented
 * request and answer shapes).
 */
const OPENAI = "https://openai.test/v1";
const OPENROUTER = "https://openrouter.test/api/v1";
const SD_WEBUI = "http://gpu-box.test:7860";
const png = encodedImage("png", 1024, 1024);

const providers = new Map<ProviderId, ImageProvider>([
  ["openai", createOpenAiProvider({ apiKey: "sk-test", baseUrl: OPENAI })],
  ["openrouter", createOpenRouterProvider({ apiKey: "sk-or-test", baseUrl: OPENROUTER })],
  ["sd-webui", createSdWebUiProvider({ baseUrl: SD_WEBUI })],
]);

/** Answers the next call of each provider kind in its documented shape and hands back the JSON body it was sent. */
function captureNext(model: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const take = async (request: Request) => {
      const body = (await request.json()) as Record<string, unknown>;
      resolve(body);
      return body;
    };
    if (model === "gpt-image-1") {
      nock(OPENAI)
        .post("/images/generations")
        .reply(200, async (request: Request) => (await take(request), { created: 1, data: [{ b64_json: base64(png) }] }));
    } else if (model === "stable-diffusion") {
      nock(SD_WEBUI)
        .post("/sdapi/v1/txt2img")
        .reply(200, async (request: Request) => (await take(request), { images: [base64(png)], parameters: {}, info: "{}" }));
    } else {
      nock(OPENROUTER)
        .post("/chat/completions")
        .reply(200, async (request: Request) => {
          await take(request);
          const url = `data:image/png;base64,${base64(png)}`;
          return { choices: [{ finish_reason: "stop", message: { role: "assistant", content: "", images: [{ type: "image_url", image_url: { url } }] } }] };
        });
    }
  });
}

/** A MODELS_FILE entry for a checkpoint with no safety filter. */
const uncensored: Model = {
  id: "sd-uncensored",
  provider: "sd-webui",
  providerModel: "uncensored-v2.safetensors",
  displayName: "Uncensored SD",
  aspectRatios: ["1:1"],
  maxImages: 1,
  creditsPerImage: 3,
  canBlockNsfw: false,
};
const kinds: ProviderId[] = ["openai", "openrouter", "sd-webui"];

describe("NSFW policy", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    nock.disableNetConnect();
    h = await engineHarness({ providers, defaultPlan: "PRO", catalog: ModelCatalog.forProviders(kinds, [uncensored]) }, kinds);
    h.engine.start();
  });
  afterEach(async () => {
    await h.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const admin = () => h.actor("admin", "w1", true);

  async function sentFor(model: string, negativePrompt?: string): Promise<Record<string, unknown>> {
    const body = captureNext(model);
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: null,
      channelKey: "discord:w1/c1",
      replyTarget: null,
      request: { prompt: "a lighthouse at dusk", model, negativePrompt },
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    const job = await h.settled(submitted.value.job.id);
    expect(job.status).toBe("completed");
    return body;
  }

  async function setNsfw(nsfw: "allow" | "block") {
    const updated = await h.engine.updateSettings(admin(), { nsfw });
    expect(updated.ok && updated.value.settings.nsfw).toBe(nsfw);
  }

  it("a new workspace blocks NSFW", async () => {
    const { workspace } = await h.engine.resolve(h.actor());
    expect(workspace.settings.nsfw).toBe("block");
  });

  it("OpenAI images: block asks for moderation auto, allow for moderation low", async () => {
    expect(await sentFor("gpt-image-1")).toMatchObject({ moderation: "auto", prompt: "a lighthouse at dusk" });
    await setNsfw("allow");
    expect(await sentFor("gpt-image-1")).toMatchObject({ moderation: "low", prompt: "a lighthouse at dusk" });
  });

  it("OpenRouter: block folds a safe-for-work instruction into the prompt, allow sends the prompt alone", async () => {
    const blocked = await sentFor("google/gemini-2.5-flash-image", "text");
    expect(blocked.messages).toEqual([{ role: "user", content: `Generate an image: a lighthouse at dusk\n\nAvoid: text, ${NSFW_AVOID_TEXT}` }]);
    await setNsfw("allow");
    const allowed = await sentFor("google/gemini-2.5-flash-image", "text");
    expect(allowed.messages).toEqual([{ role: "user", content: "Generate an image: a lighthouse at dusk\n\nAvoid: text" }]);
  });

  it("SD web UI: block adds the NSFW negative prompt, allow sends the person's own", async () => {
    expect((await sentFor("stable-diffusion", "blurry")).negative_prompt).toBe(`blurry, ${NSFW_NEGATIVE_PROMPT}`);
    expect((await sentFor("stable-diffusion")).negative_prompt).toBe(NSFW_NEGATIVE_PROMPT);
    await setNsfw("allow");
    expect((await sentFor("stable-diffusion", "blurry")).negative_prompt).toBe("blurry");
    expect((await sentFor("stable-diffusion")).negative_prompt).toBe("");
  });

  it("the stricter word list refuses NSFW prompts at submit while blocked, charging nothing; allow accepts them", async () => {
    const { workspace } = await h.engine.resolve(h.actor());
    const before = (await h.store.workspaces.get(workspace.id))!.balance;
    const refused = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: "nsfw-1",
      channelKey: "discord:w1/c1",
      replyTarget: null,
      request: { prompt: "a Nude portrait", model: "gpt-image-1" },
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: "BLOCKED_PROMPT", details: { word: "nude", list: "nsfw" } });
    expect(refused.error.message).toMatch(/blocks NSFW prompts.*"nude".*Nothing was charged/);
    expect((await h.store.workspaces.get(workspace.id))!.balance).toBe(before);
    expect(await h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toHaveLength(0);
    expect(await h.store.credits.list(workspace.id, 10)).toHaveLength(1); // the plan's grant only

    await setNsfw("allow");
    const body = captureNext("gpt-image-1");
    const accepted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: "nsfw-2",
      channelKey: "discord:w1/c1",
      replyTarget: null,
      request: { prompt: "a Nude portrait", model: "gpt-image-1" },
    });
    expect(accepted.ok).toBe(true);
    expect(await body).toMatchObject({ prompt: "a Nude portrait", moderation: "low" });
  });

  it("a model that cannot block NSFW is refused while the workspace blocks it, charging nothing, and runs once allowed", async () => {
    const { workspace } = await h.engine.resolve(h.actor());
    const request = { prompt: "a lighthouse at dusk", model: "sd-uncensored" };
    const submit = (key: string) =>
      h.engine.submit({ actor: h.actor(), source: "discord", idempotencyKey: key, channelKey: null, replyTarget: null, request });
    const refused = await submit("u-1");
    expect(refused.ok ? "accepted" : refused.error).toMatchObject({ code: "UNKNOWN_MODEL", details: { reason: "nsfw" } });
    expect(refused.ok ? "" : refused.error.message).toMatch(/Uncensored SD cannot keep NSFW content out, and this workspace blocks NSFW\. Available: .*gpt-image-1/);
    expect(await h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toHaveLength(0);
    expect((await h.store.workspaces.get(workspace.id))!.balance).toBe(500);

    await setNsfw("allow");
    const body = captureNext("stable-diffusion");
    const accepted = await submit("u-2");
    expect(accepted.ok).toBe(true);
    expect(await body).toMatchObject({ negative_prompt: "", override_settings: { sd_model_checkpoint: "uncensored-v2.safetensors" } });
  });
});

describe("NSFW policy at run time", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    nock.disableNetConnect();
    h = await engineHarness({ providers, defaultPlan: "PRO", catalog: ModelCatalog.forProviders(kinds, [uncensored]) }, kinds);
  });
  afterEach(async () => {
    await h.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  /** Submits while the workspace allows NSFW, switches it to block, then lets the job run. */
  async function queuedWhileAllowedThenBlocked(prompt: string, model: string) {
    const admin = h.actor("admin", "w1", true);
    await h.engine.updateSettings(admin, { nsfw: "allow" });
    const submitted = await h.engine.submit({
      actor: h.actor(),
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt, model },
    });
    if (!submitted.ok) throw new Error(submitted.error.message);
    await h.engine.updateSettings(admin, { nsfw: "block" });
    h.engine.start();
    return h.settled(submitted.value.job.id);
  }

  it("a job queued while allowed fails with a full refund and no provider call if the workspace blocks NSFW before it runs", async () => {
    const job = await queuedWhileAllowedThenBlocked("a lighthouse", "sd-uncensored");
    expect(job).toMatchObject({ status: "failed", attempts: 1, creditsCharged: 3, creditsRefunded: 3 });
    expect(job.errorMessage).toMatch(/cannot keep NSFW content out, and this workspace now blocks NSFW/);
    expect(job.errorCode).toBe("PROVIDER_BAD_REQUEST");
    expect((await h.store.workspaces.get(job.workspaceId))!.balance).toBe(500);
  });

  it("a prompt queued while allowed that the NSFW word list refuses fails with a full refund if the workspace blocks NSFW before it runs", async () => {
    const job = await queuedWhileAllowedThenBlocked("a naked mole rat", "gpt-image-1");
    expect(job).toMatchObject({ status: "failed", attempts: 1, creditsCharged: 5, creditsRefunded: 5, errorCode: "PROVIDER_BAD_REQUEST" });
    expect(job.errorMessage).toBe('This workspace now blocks NSFW prompts, and this one contains "naked".');
  });
});
