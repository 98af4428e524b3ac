import { writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadModelsFile } from "../../../core/domain/load-models-file.ts";
import { ModelCatalog } from "../../../core/domain/models.ts";
import { createOpenRouterProvider } from "../../../core/providers/openrouter/openrouter-provider.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { base64, encodedImage, generateInput } from "./fixtures.ts";

/**
 * OpenRouter's image-generation guide: `modalities` depends on the model, `["image", "text"]`
 * for models that answer with both, `["image"]` for image-only ones (Flux). The value lives in
 * the catalog entry, so MODELS_FILE can add such models.
 */
const BASE = "https://openrouter.test/api/v1";
const png = encodedImage("png", 1024, 1024);
const flux = {
  id: "black-forest-labs/flux.2-pro",
  provider: "openrouter",
  displayName: "FLUX.2 Pro",
  aspectRatios: ["1:1", "16:9"],
  maxImages: 1,
  creditsPerImage: 3,
  modalities: ["image"],
};

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir("pixorly-models-");
  nock.disableNetConnect();
});
afterEach(() => {
  dir.remove();
  nock.cleanAll();
  nock.enableNetConnect();
});

function modelsFile(entries: unknown): string {
  const path = join(dir.path, "models.json");
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

/** The modalities OpenRouter receives for `modelId` from a catalog built with MODELS_FILE. */
async function sentModalities(catalog: ModelCatalog, modelId: string): Promise<unknown> {
  let modalities: unknown;
  const scope = nock(BASE)
    .post("/chat/completions")
    .reply(200, async (request: Request) => {
      modalities = ((await request.json()) as { modalities: unknown }).modalities;
      const url = `data:image/png;base64,${base64(png)}`;
      return { choices: [{ finish_reason: "stop", message: { role: "assistant", content: null, images: [{ type: "image_url", image_url: { url } }] } }] };
    });
  await createOpenRouterProvider({ apiKey: "sk-or-test", baseUrl: BASE }).generate(generateInput(catalog.get(modelId)!));
  expect(scope.isDone()).toBe(true);
  return modalities;
}

describe("OpenRouter modalities come from the model's catalog entry", () => {
  it('image-only models added by MODELS_FILE (Flux) are sent modalities ["image"]', async () => {
    const catalog = ModelCatalog.forProviders(["openrouter"], loadModelsFile(modelsFile([flux])));
    expect(await sentModalities(catalog, flux.id)).toEqual(["image"]);
  });

  it('models without the field (Gemini) are sent modalities ["image", "text"]', async () => {
    const catalog = ModelCatalog.forProviders(["openrouter"], loadModelsFile(modelsFile([flux])));
    expect(await sentModalities(catalog, "google/gemini-2.5-flash-image")).toEqual(["image", "text"]);
  });

  it("MODELS_FILE refuses modalities without image, repeated ones, unknown ones, or on a non-OpenRouter model, naming the entry", () => {
    const load = (entry: object) => () => loadModelsFile(modelsFile([entry]));
    expect(load({ ...flux, modalities: ["text"] })).toThrow(/entry 0\.modalities: must include "image"/);
    expect(load({ ...flux, modalities: ["image", "image"] })).toThrow(/entry 0\.modalities: must not repeat a modality/);
    expect(load({ ...flux, modalities: ["image", "audio"] })).toThrow(/entry 0\.modalities\.1/);
    expect(load({ ...flux, modalities: [] })).toThrow(/entry 0\.modalities/);
    expect(load({ ...flux, provider: "openai", modalities: ["image"] })).toThrow(/entry 0\.modalities: modalities applies to OpenRouter models only/);
  });
});
