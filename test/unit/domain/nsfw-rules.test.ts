import { describe, expect, it } from "vitest";
import { DEFAULT_BLOCK_WORDS, findBlockedWord, NSFW_BLOCK_WORDS } from "../../../core/domain/block-list.ts";
import { validateGeneration, type GenerationRequest, type ValidationContext } from "../../../core/domain/generation-request.ts";
import { ModelCatalog, type Model } from "../../../core/domain/models.ts";
import { joinAvoid } from "../../../core/domain/nsfw-policy.ts";
import { DEFAULT_WORKSPACE_SETTINGS } from "../../../core/domain/workspace.ts";

const uncensored: Model = {
  id: "sd-uncensored",
  provider: "sd-webui",
  displayName: "Uncensored SD",
  aspectRatios: ["1:1"],
  maxImages: 1,
  creditsPerImage: 3,
  canBlockNsfw: false,
};
// Catalog order puts the uncensored model before stable-diffusion; the deployment default is gpt-image-1.
const catalog = ModelCatalog.forProviders(["openai", "sd-webui"], [uncensored]);

function validate(req: GenerationRequest, patch: Partial<ValidationContext> = {}) {
  return validateGeneration(req, {
    catalog,
    allowedModels: [],
    defaultModel: null,
    blockWords: DEFAULT_BLOCK_WORDS,
    nsfw: "block",
    randomSeed: () => 7,
    ...patch,
  });
}

describe("NSFW rules at submit", () => {
  it("new workspaces block NSFW", () => {
    expect(DEFAULT_WORKSPACE_SETTINGS.nsfw).toBe("block");
  });

  it("while blocked, a prompt with a word from the NSFW list is refused with BLOCKED_PROMPT, naming the word", () => {
    const result = validate({ prompt: "portrait, NUDE, oil painting" });
    expect(result).toMatchObject({ ok: false, error: { code: "BLOCKED_PROMPT", details: { word: "nude", list: "nsfw" } } });
    expect(result.ok ? "" : result.error.message).toContain("A workspace admin can change this with /settings");
  });

  it("the NSFW list matches whole words only, so place names and ordinary words pass", () => {
    for (const prompt of ["a map of Sussex and Essex", "Middlesex cricket ground", "a sextant on a ship", "pornstar"]) {
      expect(findBlockedWord(prompt, NSFW_BLOCK_WORDS), prompt).toBeNull();
    }
    expect(findBlockedWord("sexually-explicit scene", NSFW_BLOCK_WORDS)).toBe("sexually explicit");
  });

  it("the negative prompt is not checked: people write the NSFW words there to keep them out", () => {
    expect(validate({ prompt: "a beach at noon", negativePrompt: "nudity, nsfw" }).ok).toBe(true);
  });

  it("allow applies only the workspace's own list", () => {
    expect(validate({ prompt: "a nude statue in a museum" }, { nsfw: "allow" }).ok).toBe(true);
    expect(validate({ prompt: "a snuff film" }, { nsfw: "allow" })).toMatchObject({ ok: false, error: { code: "BLOCKED_PROMPT" } });
  });

  it("while blocked, a model that cannot block NSFW is refused by name and left out of the models offered", () => {
    const result = validate({ prompt: "a fox", model: "sd-uncensored" });
    expect(result).toMatchObject({ ok: false, error: { code: "UNKNOWN_MODEL", details: { reason: "nsfw" } } });
    if (result.ok) return;
    expect(result.error.details!.available).toEqual(["gpt-image-1", "gpt-image-1-mini", "stable-diffusion"]);
    expect(validate({ prompt: "a fox", model: "sd-uncensored" }, { nsfw: "allow" }).ok).toBe(true);
  });

  it("while blocked, a workspace default that cannot block NSFW is skipped for the next usable model", () => {
    const result = validate({ prompt: "a fox" }, { defaultModel: "sd-uncensored", allowedModels: ["sd-uncensored", "stable-diffusion"] });
    expect(result.ok && result.value.model.id).toBe("stable-diffusion");
    const allowed = validate({ prompt: "a fox" }, { nsfw: "allow", defaultModel: "sd-uncensored" });
    expect(allowed.ok && allowed.value.model.id).toBe("sd-uncensored");
  });

  it("joinAvoid joins a person's negative prompt and the policy's addition, either of which may be absent", () => {
    expect(joinAvoid(" blurry ", "nsfw")).toBe("blurry, nsfw");
    expect(joinAvoid(null, "nsfw")).toBe("nsfw");
    expect(joinAvoid("blurry", null)).toBe("blurry");
    expect(joinAvoid("  ", null)).toBeNull();
  });
});
