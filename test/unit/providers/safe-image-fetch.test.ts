import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSafeImageFetch } from "../../../core/providers/shared/safe-image-fetch.ts";
import { encodedImage, HTML_ERROR_PAGE, startFakeServer } from "./fixtures.ts";

const png = encodedImage("png", 80, 60);

type Fake = Awaited<ReturnType<typeof startFakeServer>>;
let images: Fake;
let outsider: Fake;
const outsiderHits: string[] = [];

beforeAll(async () => {
  // Not on the allow-list: any request reaching it is a hole in the address check.
  outsider = await startFakeServer((request, response) => {
    outsiderHits.push(request.url ?? "");
    response.end(Buffer.from(png));
  });
  images = await startFakeServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const hops = Number(url.searchParams.get("hops") ?? 0);
    switch (url.pathname) {
      case "/image.png":
        return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
      case "/redirect":
        return response.writeHead(302, { location: hops > 1 ? `/redirect?hops=${hops - 1}` : "/image.png" }).end();
      case "/to-outsider":
        return response.writeHead(301, { location: `${outsider.origin}/image.png` }).end();
      case "/to-metadata":
        return response.writeHead(307, { location: "https://169.254.169.254/latest/meta-data/" }).end();
      case "/error-page":
        return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(HTML_ERROR_PAGE));
      case "/huge":
        // Streams past the cap without announcing a length.
        response.writeHead(200, { "content-type": "image/png" });
        response.write(Buffer.from(png));
        return response.end(Buffer.alloc(4096));
      case "/hang":
        return;
      default:
        return response.writeHead(404).end("not here");
    }
  });
});

afterAll(async () => {
  await images.close();
  await outsider.close();
});

const signal = () => AbortSignal.timeout(5_000);

describe("safe image fetch", () => {
  const fetchImage = () => createSafeImageFetch({ allowHosts: [images.host], allowHttp: true, maxBytes: png.length + 1024 });

  it("downloads and checks an image from an allow-listed host", async () => {
    const image = await fetchImage()(`${images.origin}/image.png`, signal());
    expect(image).toMatchObject({ contentType: "image/png", width: 80, height: 60 });
    expect(Buffer.from(image.bytes).equals(Buffer.from(png))).toBe(true);
  });

  it("follows up to three redirects and refuses the fourth", async () => {
    await expect(fetchImage()(`${images.origin}/redirect?hops=3`, signal())).resolves.toMatchObject({ width: 80 });
    await expect(fetchImage()(`${images.origin}/redirect?hops=4`, signal())).rejects.toMatchObject({
      code: "PROVIDER_BAD_RESPONSE",
      retryable: false,
      message: expect.stringMatching(/redirected more than 3 times/),
    });
  });

  it("re-checks every redirect hop: a hop to a private address is refused before connecting", async () => {
    await expect(fetchImage()(`${images.origin}/to-outsider`, signal())).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/non-public address 127\.0\.0\.1/),
    });
    await expect(fetchImage()(`${images.origin}/to-metadata`, signal())).rejects.toThrow(/non-public address 169\.254\.169\.254/);
    expect(outsiderHits).toEqual([]);
  });

  it("refuses private and loopback targets without the allow-list, literal or by DNS name", async () => {
    const strict = createSafeImageFetch();
    await expect(strict(`https://${outsider.host}/image.png`, signal())).rejects.toThrow(/non-public address 127\.0\.0\.1/);
    await expect(strict("https://[::1]/image.png", signal())).rejects.toThrow(/non-public address ::1/);
    await expect(strict("https://10.1.2.3/image.png", signal())).rejects.toThrow(/non-public/);
    // "localhost" is a name: the check runs inside the connection's DNS lookup.
    const port = outsider.host.split(":")[1];
    await expect(strict(`https://localhost:${port}/image.png`, signal())).rejects.toMatchObject({
      retryable: false,
      message: expect.stringMatching(/localhost resolves to a non-public address/),
    });
    expect(outsiderHits).toEqual([]);
  });

  it("accepts only https unless the test seam allows http", async () => {
    await expect(createSafeImageFetch()(`http://example.com/image.png`, signal())).rejects.toThrow(/must use https/);
    await expect(createSafeImageFetch({ allowHosts: [images.host] })(`${images.origin}/image.png`, signal())).rejects.toThrow(/must use https/);
    await expect(createSafeImageFetch()("ftp://example.com/image.png", signal())).rejects.toThrow(/must use https/);
  });

  it("never accepts an HTML page, whatever its content type says", async () => {
    await expect(fetchImage()(`${images.origin}/error-page`, signal())).rejects.toMatchObject({
      code: "PROVIDER_BAD_RESPONSE",
      retryable: true,
      message: expect.stringMatching(/not a PNG, JPEG or WebP/),
    });
  });

  it("stops reading past the size cap and reports error statuses", async () => {
    await expect(fetchImage()(`${images.origin}/huge`, signal())).rejects.toThrow(/larger than the \d+-byte cap/);
    await expect(fetchImage()(`${images.origin}/missing`, signal())).rejects.toMatchObject({
      code: "PROVIDER_BAD_RESPONSE",
      retryable: true,
      message: expect.stringMatching(/HTTP 404/),
    });
  });

  it("gives up when the signal fires", async () => {
    await expect(fetchImage()(`${images.origin}/hang`, AbortSignal.timeout(100))).rejects.toMatchObject({
      code: "PROVIDER_TIMEOUT",
      retryable: true,
    });
  });
});
