import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generationAccepted } from "../../bots/api/api-schemas.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import { apiHarness, errorCode, type ApiHarness } from "./api-harness.ts";
import { imageHost } from "../support/image-host.ts";

/** Issue #19 on the REST API: `inputImageUrl` on POST /generations. */
const png = encodedImage("png", 64, 48);
const files = imageHost({ "/photo.png": png }, "error-page");

describe("REST API: generations from an input image", () => {
  let h: ApiHarness;
  let key: string;
  beforeEach(async () => {
    h = await apiHarness({ engine: { imageFetch: files.fetch() } });
    key = (await h.createKey()).rawKey;
  });
  afterEach(() => h.cleanup());

  const balance = async () => (await h.engine.resolve(h.admin)).workspace.balance;

  it("inputImageUrl starts the job from the image: the job keeps its own stored copy", async () => {
    const created = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "the same, in blue", inputImageUrl: `${files.origin}/photo.png`, strength: 0.4 } });
    expect(created.status).toBe(202);
    const accepted = generationAccepted.parse(created.json);
    const job = await h.store.jobs.get(accepted.id);
    expect(job).toMatchObject({ strength: 0.4 });
    expect((await h.storage.get(job!.inputImageKey!))?.bytes).toEqual(png);
  });

  it("an input image that is not an image answers 422 BAD_INPUT_IMAGE and charges nothing", async () => {
    const before = await balance();
    const refused = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "x", inputImageUrl: `${files.origin}/page.html` } });
    expect(refused.status).toBe(422);
    expect(errorCode(refused)).toBe("BAD_INPUT_IMAGE");
    expect(await balance()).toBe(before);
  });

  it("the OpenAPI document describes inputImageUrl and the 422", async () => {
    const doc = (await h.call("GET", "/api/v1/openapi.json")).json as {
      components: { schemas: { CreateGeneration: { properties: Record<string, { description?: string }> } } };
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    expect(doc.components.schemas.CreateGeneration.properties.inputImageUrl?.description).toMatch(/PNG, JPEG or WebP, at most 10 MB/);
    expect(Object.keys(doc.paths["/generations"]!.post!.responses)).toContain("422");
  });
});
