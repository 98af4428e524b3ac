import { afterAll, beforeAll } from "vitest";
import { INPUT_IMAGE_MAX_BYTES } from "../../core/domain/input-image.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { HTML_ERROR_PAGE, startFakeServer } from "../unit/providers/fixtures.ts";

/** What a path answers: image bytes, an HTML error page sent as an image, or an image past the 10 MB input cap. */
export type HostedImage = Uint8Array | "error-page" | "too-large";

/**
 * Plays "the web" that people link input images from, on 127.0.0.1, for one test file (started in
 * beforeAll, closed in afterAll). Paths not listed answer `fallback`, else 404; `fetch()` is the
 * safe fetch that trusts this host (production's refuses private addresses).
 */
export function imageHost(routes: Record<string, HostedImage>, fallback?: HostedImage) {
  let server: Awaited<ReturnType<typeof startFakeServer>> | undefined;
  beforeAll(async () => {
    server = await startFakeServer((request, response) => {
      const route = routes[request.url ?? ""] ?? fallback;
      if (route === undefined) return response.writeHead(404).end();
      if (route === "error-page") return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
      response.writeHead(200, { "content-type": "image/png" });
      if (route === "too-large") return response.end(Buffer.alloc(INPUT_IMAGE_MAX_BYTES + 1));
      return response.end(Buffer.from(route));
    });
  });
  afterAll(() => server?.close());
  const started = () => {
    if (!server) throw new Error("imageHost is used before its beforeAll ran");
    return server;
  };
  return {
    get origin() {
      return started().origin;
    },
    fetch: () => createSafeImageFetch({ allowHosts: [started().host], allowHttp: true }),
  };
}
