import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS } from "../../../core/domain/aspect-ratios.ts";
import { COST_CLASSES, DEFAULT_MODELS, ModelCatalog, modelSchema, supportsAspect, type Model } from "../../../core/domain/models.ts";

const byId = (id: string): Model => {
  const model = DEFAULT_MODELS.find((m) => m.id === id);
  if (!model) throw new Error(`no built-in model ${id}`);
  return model;
};

describe("cost classes", () => {
  it("keeps the seed's prices: DALL-E 3 class 5, Stable Diffusion 3, DALL-E 2 class 2, other 1", () => {
    expect(COST_CLASSES).toEqual({ DALLE3_CLASS: 5, STABLE_DIFFUSION: 3, DALLE2_CLASS: 2, OTHER: 1 });
  });

  it("maps today's models onto the classes", () => {
    expect(Object.fromEntries(DEFAULT_MODELS.map((m) => [m.id, m.creditsPerImage]))).toEqual({
      local: 1,
      "google/gemini-2.5-flash-image": 2,
      "openai/gpt-5-image": 5,
      "gpt-image-1": 5,
      "gpt-image-1-mini": 2,
      "stable-diffusion": 3,
    });
  });

  it("prices the local placeholder like any other model, and says it is not an AI model", () => {
    expect(byId("local")).toMatchObject({ provider: "local", creditsPerImage: 1, maxImages: 4 });
    expect(byId("local").displayName).toContain("not an AI model");
  });
});

describe("DEFAULT_MODELS", () => {
  it("are all valid against the model schema, with unique ids", () => {
    for (const m of DEFAULT_MODELS) expect(modelSchema.parse(m)).toEqual(m);
    expect(new Set(DEFAULT_MODELS.map((m) => m.id)).size).toBe(DEFAULT_MODELS.length);
  });

  it("all offer 1:1", () => {
    for (const m of DEFAULT_MODELS) expect(m.aspectRatios).toContain("1:1");
  });
});

describe("modelSchema", () => {
  const valid = { id: "x", provider: "openai", displayName: "X", aspectRatios: ["1:1"], maxImages: 2, creditsPerImage: 3 };

  it("accepts a complete entry", () => {
    expect(modelSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["an unknown provider", { provider: "midjourney" }],
    ["an unknown aspect ratio", { aspectRatios: ["5:4"] }],
    ["no aspect ratios", { aspectRatios: [] }],
    ["more than 4 images", { maxImages: 5 }],
    ["zero images", { maxImages: 0 }],
    ["a free model", { creditsPerImage: 0 }],
    ["a fractional price", { creditsPerImage: 1.5 }],
    ["an empty id", { id: "" }],
  ])("rejects %s", (_label, patch) => {
    expect(modelSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe("supportsAspect", () => {
  it("follows the model's list", () => {
    expect(supportsAspect(byId("gpt-image-1"), "3:2")).toBe(true);
    expect(supportsAspect(byId("gpt-image-1"), "16:9")).toBe(false);
    for (const aspect of ASPECT_RATIOS) expect(supportsAspect(byId("local"), aspect)).toBe(true);
  });
});

describe("ModelCatalog.forProviders", () => {
  it("offers only the local renderer with no provider configured", () => {
    const catalog = ModelCatalog.forProviders(["local"]);
    expect(catalog.models.map((m) => m.id)).toEqual(["local"]);
    expect(catalog.defaultModelId).toBe("local");
    expect(catalog.defaultModel).toBe(byId("local"));
  });

  it("prefers OpenRouter over OpenAI over SD web UI over local for the default", () => {
    expect(ModelCatalog.forProviders(["local", "openrouter", "openai", "sd-webui"]).defaultModelId).toBe("google/gemini-2.5-flash-image");
    expect(ModelCatalog.forProviders(["sd-webui", "openai", "local"]).defaultModelId).toBe("gpt-image-1");
    expect(ModelCatalog.forProviders(["local", "sd-webui"]).defaultModelId).toBe("stable-diffusion");
    expect(ModelCatalog.forProviders(["openai", "openrouter"]).defaultModelId).toBe("google/gemini-2.5-flash-image");
  });

  it("keeps catalog order and only configured providers' models", () => {
    expect(ModelCatalog.forProviders(["openai", "local"]).models.map((m) => m.id)).toEqual(["local", "gpt-image-1", "gpt-image-1-mini"]);
    expect(ModelCatalog.forProviders(["openrouter"]).models.map((m) => m.id)).toEqual([
      "google/gemini-2.5-flash-image",
      "openai/gpt-5-image",
    ]);
  });

  it("lets overrides replace a built-in in place and add new models at the end", () => {
    const cheaper: Model = { ...byId("gpt-image-1"), creditsPerImage: 4, displayName: "GPT Image 1 (discounted)" };
    const extra: Model = {
      id: "flux-dev",
      provider: "sd-webui",
      displayName: "FLUX dev",
      aspectRatios: ["1:1"],
      maxImages: 2,
      creditsPerImage: 3,
    };
    const catalog = ModelCatalog.forProviders(["openai", "sd-webui"], [cheaper, extra]);
    expect(catalog.models.map((m) => m.id)).toEqual(["gpt-image-1", "gpt-image-1-mini", "stable-diffusion", "flux-dev"]);
    expect(catalog.get("gpt-image-1")).toEqual(cheaper);
    expect(catalog.get("flux-dev")).toEqual(extra);
    expect(catalog.defaultModelId).toBe("gpt-image-1");
  });

  it("drops overrides whose provider is not configured", () => {
    const extra: Model = { id: "or-only", provider: "openrouter", displayName: "OR", aspectRatios: ["1:1"], maxImages: 1, creditsPerImage: 1 };
    const catalog = ModelCatalog.forProviders(["local"], [extra]);
    expect(catalog.get("or-only")).toBeUndefined();
    expect(catalog.models.map((m) => m.id)).toEqual(["local"]);
  });

  it("throws when the configured providers have no models", () => {
    expect(() => ModelCatalog.forProviders([])).toThrow("no models available for the configured providers");
  });
});

describe("ModelCatalog", () => {
  it("looks models up by id and answers undefined for unknown ones", () => {
    const catalog = new ModelCatalog(DEFAULT_MODELS, "local");
    expect(catalog.get("stable-diffusion")).toBe(byId("stable-diffusion"));
    expect(catalog.get("dall-e-3")).toBeUndefined();
  });

  it("refuses a default that is not in the catalog", () => {
    expect(() => new ModelCatalog([byId("local")], "gpt-image-1")).toThrow('default model "gpt-image-1" is not in the catalog');
  });
});
