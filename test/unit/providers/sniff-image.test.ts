import { describe, expect, it } from "vitest";
import { decodeBase64Image, toGeneratedImage } from "../../../core/providers/shared/image-bytes.ts";
import { sniffImage } from "../../../core/providers/shared/sniff-image.ts";
import { base64, encodedImage, HTML_ERROR_PAGE } from "./fixtures.ts";

/** A WebP file's RIFF header and first chunk name, with `payload` where the chunk's data starts (offset 20). */
function webpHeader(chunk: "VP8 " | "VP8L", payload: number[]): Uint8Array {
  const bytes = new Uint8Array(40);
  bytes.set(new TextEncoder().encode("RIFF"), 0);
  bytes.set(new TextEncoder().encode("WEBP"), 8);
  bytes.set(new TextEncoder().encode(chunk), 12);
  bytes.set(payload, 20);
  return bytes;
}

describe("sniffImage", () => {
  it.each([
    ["png", "image/png"],
    ["jpeg", "image/jpeg"],
    ["webp", "image/webp"],
  ] as const)("reads the format and size of an encoded %s", (format, contentType) => {
    expect(sniffImage(encodedImage(format, 300, 200))).toEqual({ contentType, width: 300, height: 200 });
  });

  it("reads a lossy VP8 WebP header", () => {
    // Frame tag (3 bytes), start code 9D 01 2A, then 640 and 480 as 14-bit little-endian values.
    const bytes = webpHeader("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]);
    expect(sniffImage(bytes)).toEqual({ contentType: "image/webp", width: 640, height: 480 });
  });

  it("reads a lossless VP8L WebP header", () => {
    // Signature 0x2F, then (width-1) in bits 0-13 and (height-1) in bits 14-27: 100 x 50.
    const bits = 99 | (49 << 14);
    const bytes = webpHeader("VP8L", [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24]);
    expect(sniffImage(bytes)).toEqual({ contentType: "image/webp", width: 100, height: 50 });
  });

  it("rejects an HTML error page, empty bytes and a cut-off PNG", () => {
    expect(sniffImage(HTML_ERROR_PAGE)).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
    expect(sniffImage(encodedImage("png", 10, 10).subarray(0, 20))).toBeNull();
  });

  it("reads a PNG that sits at an offset inside a larger buffer", () => {
    const png = encodedImage("png", 64, 32);
    const padded = new Uint8Array(png.length + 7);
    padded.set(png, 7);
    expect(sniffImage(padded.subarray(7))).toMatchObject({ width: 64, height: 32 });
  });
});

describe("decodeBase64Image", () => {
  const png = encodedImage("png", 48, 48);

  it("decodes raw base64 and data URLs, trusting the bytes over the declared type", () => {
    expect(decodeBase64Image(base64(png), 1_000_000, "test")).toMatchObject({ contentType: "image/png", width: 48, height: 48 });
    const mislabelled = `data:image/jpeg;base64,${base64(png)}`;
    expect(decodeBase64Image(mislabelled, 1_000_000, "test").contentType).toBe("image/png");
  });

  it("refuses a data URL holding HTML, even one labelled as a PNG", () => {
    for (const url of [`data:text/html;base64,${base64(HTML_ERROR_PAGE)}`, `data:image/png;base64,${base64(HTML_ERROR_PAGE)}`]) {
      expect(() => decodeBase64Image(url, 1_000_000, "test")).toThrow(expect.objectContaining({ code: "PROVIDER_BAD_RESPONSE", retryable: true }));
    }
  });

  it("refuses a data URL that is not base64", () => {
    expect(() => decodeBase64Image("data:image/png,%89PNG", 1_000_000, "test")).toThrow(/not base64/);
  });

  it("enforces the size cap before and after decoding", () => {
    expect(() => decodeBase64Image(base64(png), png.length - 1, "test")).toThrow(/cap/);
    expect(() => toGeneratedImage(png, png.length - 1, "test")).toThrow(/cap/);
    expect(toGeneratedImage(png, png.length, "test").bytes).toBe(png);
  });
});
