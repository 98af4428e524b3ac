import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDescribeModelsFile, loadModelsFile } from "../../../core/domain/load-models-file.ts";
import { ModelCatalog } from "../../../core/domain/models.ts";
import { tempDir } from "../../support/temp-dir.ts";

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir("pixorly-describe-models-");
});
afterEach(() => dir.remove());

function modelsFile(entries: unknown): string {
  const path = join(dir.path, "models.json");
  writeFileSync(path, JSON.stringify(entries));
  return path;
}

describe("describe models in the catalog", () => {
  it("defaults to the first configured real provider's vision model, else the local colour reader; SD web UI has none", () => {
    expect(ModelCatalog.forProviders(["local", "openai", "openrouter"]).describeModel()?.id).toBe("google/gemini-2.5-flash");
    expect(ModelCatalog.forProviders(["local", "openai"]).describeModel()?.id).toBe("gpt-4.1-mini");
    expect(ModelCatalog.forProviders(["local"]).describeModel()?.id).toBe("local-describe");
    expect(ModelCatalog.forProviders(["sd-webui"]).describeModel()).toBeNull();
  });

  it('MODELS_FILE entries with "kind": "describe" price and add vision models; image models ignore them', () => {
    const path = modelsFile([
      { id: "local", provider: "local", displayName: "Local", aspectRatios: ["1:1"], maxImages: 1, creditsPerImage: 2 },
      { kind: "describe", id: "gpt-4.1-mini", provider: "openai", displayName: "GPT-4.1 mini", credits: 3 },
      { kind: "describe", id: "qwen/qwen2.5-vl-72b-instruct", provider: "openrouter", displayName: "Qwen VL", credits: 2 },
    ]);
    const catalog = ModelCatalog.forProviders(["local", "openai", "openrouter"], loadModelsFile(path), loadDescribeModelsFile(path));
    expect(catalog.get("local")?.creditsPerImage).toBe(2);
    expect(catalog.describeModel("gpt-4.1-mini")?.credits).toBe(3);
    expect(catalog.describeModel("qwen/qwen2.5-vl-72b-instruct")?.provider).toBe("openrouter");
    expect(catalog.get("gpt-4.1-mini")).toBeUndefined();
  });

  it("MODELS_FILE refuses a describe entry on SD web UI or without a whole price, naming its position in the file", () => {
    const sd = modelsFile([{ id: "x", provider: "local", displayName: "X", aspectRatios: ["1:1"], maxImages: 1, creditsPerImage: 1 }, { kind: "describe", id: "v", provider: "sd-webui", displayName: "V", credits: 1 }]);
    expect(() => loadDescribeModelsFile(sd)).toThrow(/entry 1\.provider: .*SD web UI cannot describe/);
    const free = modelsFile([{ kind: "describe", id: "v", provider: "openai", displayName: "V", credits: 0.5 }]);
    expect(() => loadDescribeModelsFile(free)).toThrow(/entry 0\.credits/);
  });
});
