import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import { loadInputImage } from "../../core/engine/load-input-image.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage, HTML_ERROR_PAGE, startFakeServer } from "../unit/providers/fixtures.ts";

const png = encodedImage("png", 64, 48);
type Fake = Awaited<ReturnType<typeof startFakeServer>>;
let files: Fake;
let elsewhere: Fake;
const elsewhereAuth: (string | undefined)[] = [];

beforeAll(async () => {
  elsewhere = await startFakeServer((request, response) => {
    elsewhereAuth.push(request.headers.authorization);
    response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
  });
  files = await startFakeServer((request, response) => {
    switch (request.url) {
      case "/photo.png":
        return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
      // Like Slack's url_private: the bot token or nothing.
      case "/private.png":
        if (request.headers.authorization !== "Bearer xoxb-secret") return response.writeHead(403).end("no");
        return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
      case "/bounce":
        return response.writeHead(302, { location: `${elsewhere.origin}/copy.png` }).end();
      case "/page.html":
        return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
      case "/cut.png":
        return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png.subarray(0, png.length - 20)));
      case "/huge.png":
        response.writeHead(200, { "content-type": "image/png" });
        response.write(Buffer.from(png));
        return response.end(Buffer.alloc(INPUT_IMAGE_MAX_BYTES));
      default:
        return response.writeHead(404).end();
    }
  });
});
afterAll(async () => {
  await files.close();
  await elsewhere.close();
});

describe("input images: loaded and checked before anything is charged", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: createSafeImageFetch({ allowHosts: [files.host, elsewhere.host], allowHttp: true }) });
  });
  afterEach(() => h.cleanup());

  const load = async (source: Parameters<typeof loadInputImage>[2], actor = h.actor()) =>
    loadInputImage(h.options, await h.engine.resolve(actor), source);

  it("loads a public image URL as checked bytes", async () => {
    const loaded = await load({ kind: "url", url: `${files.origin}/photo.png` });
    expect(loaded).toMatchObject({ ok: true, value: { contentType: "image/png", width: 64, height: 48 } });
  });

  it("sends a platform token to the file's own origin, never along a redirect to another", async () => {
    expect(await load({ kind: "url", url: `${files.origin}/private.png`, authorization: "Bearer xoxb-secret" })).toMatchObject({ ok: true });
    expect(await load({ kind: "url", url: `${files.origin}/bounce`, authorization: "Bearer xoxb-secret" })).toMatchObject({ ok: true });
    expect(elsewhereAuth).toEqual([undefined]);
  });

  it.each([
    ["/page.html", /not a PNG, JPEG or WebP image/],
    ["/cut.png", /damaged or incomplete/],
    ["/huge.png", /larger than 10 MB/],
    ["/gone.png", /did not answer with an image/],
  ])("refuses %s with words the person understands, naming no host", async (path, words) => {
    const loaded = await load({ kind: "url", url: `${files.origin}${path}` });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.code).toBe("BAD_INPUT_IMAGE");
    expect(loaded.error.message).toMatch(words);
    expect(loaded.error.message).not.toContain("127.0.0.1");
  });

  it("refuses private addresses with production's fetch (no test allow-list)", async () => {
    const strict = await engineHarness();
    try {
      const loaded = await loadInputImage(strict.options, await strict.engine.resolve(strict.actor()), { kind: "url", url: `${files.origin}/photo.png` });
      expect(loaded).toMatchObject({ ok: false, error: { code: "BAD_INPUT_IMAGE", message: expect.stringMatching(/public https address/) } });
    } finally {
      await strict.cleanup();
    }
  });

  it("loads a stored result of the same workspace, and hides other workspaces' and others' private ones", async () => {
    h.engine.start();
    const made = await imagine(h, "a harbour");
    const secret = await imagine(h, "a diary page", { private: true });
    if (!made.ok || !secret.ok) throw new Error("submit failed");
    await h.settled(made.value.job.id);
    await h.settled(secret.value.job.id);
    const [image] = await h.store.images.listForJob(made.value.job.id);
    const [privateImage] = await h.store.images.listForJob(secret.value.job.id);

    const loaded = await load({ kind: "image", imageId: image!.id });
    expect(loaded).toMatchObject({ ok: true, value: { width: image!.width, height: image!.height } });
    expect(await load({ kind: "image", imageId: image!.id }, h.actor("u9", "other-workspace"))).toMatchObject({ ok: false, error: { code: "BAD_INPUT_IMAGE" } });
    expect(await load({ kind: "image", imageId: privateImage!.id }, h.actor("u2"))).toMatchObject({ ok: false, error: { code: "BAD_INPUT_IMAGE" } });
    expect(await load({ kind: "image", imageId: privateImage!.id })).toMatchObject({ ok: true });
  });
});
