import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ASPECT_RATIOS } from "../../../core/domain/aspect-ratios.ts";
import { DEFAULT_BLOCK_WORDS } from "../../../core/domain/block-list.ts";
import {
  MAX_SEED,
  PROMPT_MAX,
  validateGeneration,
  type GenerationRequest,
  type ValidationContext,
} from "../../../core/domain/generation-request.ts";
import { ModelCatalog, type Model } from "../../../core/domain/models.ts";
import { REJECTION_CODES, type Rejection } from "../../../core/domain/rejections.ts";

const twoMax: Model = {
  id: "two-max",
  provider: "sd-webui",
  displayName: "Two Max",
  aspectRatios: ["1:1", "16:9"],
  maxImages: 2,
  creditsPerImage: 3,
};
// Default model: gpt-image-1 (OpenAI beats SD web UI and local).
const catalog = ModelCatalog.forProviders(["local", "openai", "sd-webui"], [twoMax]);

function ctx(patch: Partial<ValidationContext> = {}): ValidationContext {
  return { catalog, allowedModels: [], defaultModel: null, blockWords: DEFAULT_BLOCK_WORDS, nsfw: "block", randomSeed: () => 424242, ...patch };
}

function accept(req: GenerationRequest, context = ctx()) {
  const result = validateGeneration(req, context);
  if (!result.ok) throw new Error(`expected acceptance, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function rejection(req: GenerationRequest, context = ctx()): Rejection {
  const result = validateGeneration(req, context);
  if (result.ok) throw new Error("expected a rejection");
  return result.error;
}

describe("validateGeneration: a valid request", () => {
  it("fills every default and prices the job", () => {
    expect(accept({ prompt: "a lighthouse at dusk" })).toEqual({
      prompt: "a lighthouse at dusk",
      negativePrompt: null,
      model: catalog.get("gpt-image-1"),
      aspectRatio: "1:1",
      count: 1,
      seed: 424242,
      private: false,
      strength: null,
      price: 5,
    });
  });

  it("keeps every explicit field and prices count * credits per image", () => {
    expect(
      accept({
        prompt: "  a red fox  ",
        negativePrompt: "  blurry text ",
        model: " stable-diffusion ",
        aspectRatio: "16:9",
        count: 4,
        seed: 7,
        private: true,
      }),
    ).toEqual({
      prompt: "a red fox",
      negativePrompt: "blurry text",
      model: catalog.get("stable-diffusion"),
      aspectRatio: "16:9",
      count: 4,
      seed: 7,
      private: true,
      strength: null,
      price: 12,
    });
  });

  it("prices every model and count as count * creditsPerImage", () => {
    fc.assert(
      fc.property(fc.constantFrom(...catalog.models), fc.integer({ min: 1, max: 4 }), (model, count) => {
        fc.pre(count <= model.maxImages);
        const v = accept({ prompt: "x", model: model.id, count });
        expect(v.price).toBe(count * model.creditsPerImage);
        expect(v.model).toBe(model);
      }),
    );
  });

  it("treats a blank negative prompt as none", () => {
    expect(accept({ prompt: "fox", negativePrompt: "   " }).negativePrompt).toBeNull();
    expect(accept({ prompt: "fox", negativePrompt: "" }).negativePrompt).toBeNull();
  });

  it("uses the workspace's default model when the request names none", () => {
    const v = accept({ prompt: "fox" }, ctx({ defaultModel: "stable-diffusion" }));
    expect(v.model.id).toBe("stable-diffusion");
    expect(v.price).toBe(3);
  });

  it("lets an explicit model win over the workspace default", () => {
    expect(accept({ prompt: "fox", model: "local" }, ctx({ defaultModel: "stable-diffusion" })).model.id).toBe("local");
  });

  it("treats a blank model or aspect ratio as not given", () => {
    const v = accept({ prompt: "fox", model: "  ", aspectRatio: " " });
    expect(v.model.id).toBe("gpt-image-1");
    expect(v.aspectRatio).toBe("1:1");
  });

  it("accepts seeds at both ends of the range", () => {
    expect(accept({ prompt: "fox", seed: 0 }).seed).toBe(0);
    expect(accept({ prompt: "fox", seed: MAX_SEED }).seed).toBe(4294967295);
  });

  it("accepts every aspect ratio on a model that supports them all", () => {
    for (const aspect of ASPECT_RATIOS) expect(accept({ prompt: "fox", model: "local", aspectRatio: aspect }).aspectRatio).toBe(aspect);
  });
});

describe("validateGeneration: prompts", () => {
  it("accepts exactly 1500 characters after trimming", () => {
    const prompt = "a".repeat(PROMPT_MAX);
    expect(PROMPT_MAX).toBe(1500);
    expect(accept({ prompt: `  ${prompt}\n` }).prompt).toBe(prompt);
  });

  it("rejects 1501 characters with the length and the limit", () => {
    expect(rejection({ prompt: "a".repeat(1501) })).toEqual({
      code: "INVALID_PROMPT",
      message: "The prompt is 1501 characters long; the limit is 1500.",
      details: { length: 1501, max: 1500 },
    });
  });

  it("counts characters, not UTF-16 units (an emoji is one character)", () => {
    const prompt = "🦊".repeat(1500);
    expect(accept({ prompt }).prompt).toBe(prompt);
    expect(rejection({ prompt: "🦊".repeat(1501) }).details).toEqual({ length: 1501, max: 1500 });
  });

  it.each(["", "   ", "\n\t "])("rejects an empty prompt (%j)", (prompt) => {
    expect(rejection({ prompt })).toEqual({ code: "INVALID_PROMPT", message: "The prompt is empty. Describe the image you want." });
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["bell", "a\u0007b"],
    ["escape", "a\u001b[31mred"],
    ["vertical tab", "a\u000bb"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
  ])("rejects a %s control character", (_name, prompt) => {
    expect(rejection({ prompt })).toEqual({
      code: "INVALID_PROMPT",
      message: "The prompt contains control characters; remove them and try again.",
    });
  });

  it("allows newlines and tabs inside a prompt", () => {
    expect(accept({ prompt: "line one\nline two\tindented" }).prompt).toBe("line one\nline two\tindented");
  });

  it("treats Windows line endings as newlines, not control characters", () => {
    expect(accept({ prompt: "line one\r\nline two\rline three" }).prompt).toBe("line one\nline two\nline three");
  });

  it("checks the negative prompt the same way, naming it", () => {
    expect(rejection({ prompt: "fox", negativePrompt: "b".repeat(1501) }).message).toBe(
      "The negative prompt is 1501 characters long; the limit is 1500.",
    );
    expect(rejection({ prompt: "fox", negativePrompt: "x\u0000" })).toEqual({
      code: "INVALID_PROMPT",
      message: "The negative prompt contains control characters; remove them and try again.",
    });
  });
});

describe("validateGeneration: block list", () => {
  it("rejects a blocked word before anything else is checked, naming it", () => {
    expect(rejection({ prompt: "a CSAM thing", model: "nope", count: 99 })).toEqual({
      code: "BLOCKED_PROMPT",
      message: 'This workspace does not allow prompts containing "csam".',
      details: { word: "csam" },
    });
  });

  it("uses the workspace's own list", () => {
    const context = ctx({ blockWords: ["clown"] });
    expect(rejection({ prompt: "a sad Clown" }, context).code).toBe("BLOCKED_PROMPT");
    expect(accept({ prompt: "a beheading scene" }, context).prompt).toBe("a beheading scene");
  });

  it("does not trip on a word inside another word", () => {
    expect(accept({ prompt: "a class photo of assassins" }, ctx({ blockWords: ["ass"] })).prompt).toBe("a class photo of assassins");
  });
});

describe("validateGeneration: models", () => {
  it("rejects an unknown model and lists the available ones", () => {
    expect(rejection({ prompt: "fox", model: "dall-e-3" })).toEqual({
      code: "UNKNOWN_MODEL",
      message: 'Unknown model "dall-e-3". Available: local, gpt-image-1, gpt-image-1-mini, stable-diffusion, two-max.',
      details: { model: "dall-e-3", available: ["local", "gpt-image-1", "gpt-image-1-mini", "stable-diffusion", "two-max"] },
    });
  });

  it("rejects a model the workspace does not allow, listing only allowed ones", () => {
    const context = ctx({ allowedModels: ["local", "stable-diffusion", "not-configured-here"] });
    expect(rejection({ prompt: "fox", model: "gpt-image-1" }, context)).toEqual({
      code: "UNKNOWN_MODEL",
      message: 'The model "gpt-image-1" is not allowed in this workspace. Available: local, stable-diffusion.',
      details: { model: "gpt-image-1", available: ["local", "stable-diffusion"] },
    });
    expect(accept({ prompt: "fox", model: "stable-diffusion" }, context).model.id).toBe("stable-diffusion");
  });

  it("falls back to an allowed model when the deployment default is not allowed and none was asked for", () => {
    const v = accept({ prompt: "fox" }, ctx({ allowedModels: ["stable-diffusion", "local"] }));
    expect(v.model.id).toBe("local");
  });

  it("skips a workspace default that is not configured here", () => {
    expect(accept({ prompt: "fox" }, ctx({ defaultModel: "openai/gpt-5-image" })).model.id).toBe("gpt-image-1");
  });

  it("skips a workspace default that the workspace does not allow", () => {
    const context = ctx({ defaultModel: "gpt-image-1", allowedModels: ["stable-diffusion"] });
    expect(accept({ prompt: "fox" }, context).model.id).toBe("stable-diffusion");
  });

  it("says plainly when the workspace allows no configured model", () => {
    expect(rejection({ prompt: "fox" }, ctx({ allowedModels: ["openai/gpt-5-image"] }))).toEqual({
      code: "UNKNOWN_MODEL",
      message: "None of the models this workspace allows is available here. Ask a workspace admin to allow another model.",
      details: { model: "gpt-image-1", available: [] },
    });
  });

  it("matches model ids exactly", () => {
    expect(rejection({ prompt: "fox", model: "LOCAL" }).code).toBe("UNKNOWN_MODEL");
  });
});

describe("validateGeneration: aspect ratios", () => {
  it("rejects an unknown ratio, listing the valid ones", () => {
    expect(rejection({ prompt: "fox", aspectRatio: "5:4" })).toEqual({
      code: "UNSUPPORTED_ASPECT",
      message: 'Unknown aspect ratio "5:4". Use one of 1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3.',
    });
  });

  it("rejects a ratio the chosen model does not support, listing what it supports", () => {
    expect(rejection({ prompt: "fox", model: "gpt-image-1", aspectRatio: "16:9" })).toEqual({
      code: "UNSUPPORTED_ASPECT",
      message: "GPT Image 1 (replaces DALL-E 3) does not support 16:9. It supports 1:1, 3:2, 2:3.",
    });
  });
});

describe("validateGeneration: image count", () => {
  it.each([0, 5, -1, 2.5, Number.NaN])("rejects %s images", (count) => {
    expect(rejection({ prompt: "fox", model: "local", count })).toEqual({ code: "TOO_MANY_IMAGES", message: "Ask for 1 to 4 images." });
  });

  it("enforces the model's own maximum", () => {
    expect(accept({ prompt: "fox", model: "two-max", count: 2 }).price).toBe(6);
    expect(rejection({ prompt: "fox", model: "two-max", count: 3 })).toEqual({
      code: "TOO_MANY_IMAGES",
      message: "Two Max makes at most 2 image(s) per request.",
    });
  });
});

describe("validateGeneration: seeds", () => {
  it.each([-1, MAX_SEED + 1, 1.5, Number.POSITIVE_INFINITY])("rejects seed %s", (seed) => {
    expect(rejection({ prompt: "fox", seed })).toEqual({
      code: "INVALID_REQUEST",
      message: "The seed must be a whole number from 0 to 4294967295.",
    });
  });

  it("draws a seed only when none is given", () => {
    let drawn = 0;
    const context = ctx({
      randomSeed: () => {
        drawn++;
        return 99;
      },
    });
    expect(accept({ prompt: "fox", seed: 5 }, context).seed).toBe(5);
    expect(drawn).toBe(0);
    expect(accept({ prompt: "fox" }, context).seed).toBe(99);
    expect(drawn).toBe(1);
  });
});

describe("validateGeneration: every rejection", () => {
  it("has a known code and a non-empty human message", () => {
    const requests: GenerationRequest[] = [
      { prompt: "" },
      { prompt: "a".repeat(2000) },
      { prompt: "a\u0001" },
      { prompt: "snuff film" },
      { prompt: "fox", model: "nope" },
      { prompt: "fox", aspectRatio: "7:5" },
      { prompt: "fox", count: 9 },
      { prompt: "fox", seed: -4 },
    ];
    for (const req of requests) {
      const r = rejection(req);
      expect(REJECTION_CODES).toContain(r.code);
      expect(r.message).toMatch(/^[A-Z"].{10,}[.]$/);
    }
  });

  it("never throws, for any request shape", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            prompt: fc.string({ maxLength: 40 }),
            negativePrompt: fc.string({ maxLength: 10 }),
            model: fc.constantFrom("local", "gpt-image-1", "two-max", "nope", ""),
            aspectRatio: fc.constantFrom(...ASPECT_RATIOS, "5:4", ""),
            count: fc.integer({ min: -2, max: 6 }),
            seed: fc.oneof(fc.integer({ min: -5, max: 2 ** 33 }), fc.double()),
            private: fc.boolean(),
          },
          { requiredKeys: ["prompt"] },
        ),
        (req) => {
          const result = validateGeneration(req, ctx());
          if (result.ok) {
            expect(result.value.price).toBe(result.value.count * result.value.model.creditsPerImage);
            expect(result.value.count).toBeLessThanOrEqual(result.value.model.maxImages);
            expect(result.value.model.aspectRatios).toContain(result.value.aspectRatio);
          } else {
            expect(REJECTION_CODES).toContain(result.error.code);
          }
        },
      ),
    );
  });
});

describe("validateGeneration: input images (issue #19)", () => {
  const withImage = ctx({ inputImage: true });

  it("an image-input job is priced at the model's imageInput price", () => {
    expect(accept({ prompt: "x", model: "gpt-image-1", count: 2 }, withImage).price).toBe(12);
    expect(accept({ prompt: "x", model: "gpt-image-1", count: 2 }).price).toBe(10);
  });

  it("a model without image input is refused, naming the models that take one", () => {
    const refused = rejection({ prompt: "x", model: "two-max" }, withImage);
    expect(refused.code).toBe("IMAGE_INPUT_UNSUPPORTED");
    expect(refused.message).toBe("Two Max cannot start from an image. Models that can: local, gpt-image-1, gpt-image-1-mini, stable-diffusion. Nothing was charged.");
  });

  it("without a named model, a default that cannot take an image is skipped for one that can", () => {
    const context = ctx({ inputImage: true, defaultModel: "two-max" });
    expect(accept({ prompt: "x" }, context).model.id).toBe("gpt-image-1");
  });

  it("strength defaults to 0.6 with an image, must be 0.05 to 1, and is null without an image", () => {
    expect(accept({ prompt: "x" }, withImage).strength).toBe(0.6);
    expect(accept({ prompt: "x", strength: 0.05 }, withImage).strength).toBe(0.05);
    expect(accept({ prompt: "x", strength: 0.3 }).strength).toBeNull();
    for (const strength of [0, 0.01, 1.5, Number.NaN]) expect(rejection({ prompt: "x", strength }, withImage).code).toBe("INVALID_REQUEST");
  });
});
