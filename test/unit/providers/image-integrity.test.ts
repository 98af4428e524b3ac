import { describe, expect, it } from "vitest";
import { toGeneratedImage } from "../../../core/providers/shared/image-bytes.ts";
import { imageIntegrityProblem } from "../../../core/providers/shared/image-integrity.ts";
import { sniffImage } from "../../../core/providers/shared/sniff-image.ts";
import { noisyImage } from "./fixtures.ts";

type Format = "png" | "jpeg" | "webp";

const CONTENT_TYPE = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;
const FORMATS: Format[] = ["png", "jpeg", "webp"];

describe("imageIntegrityProblem: only whole images are stored and charged", () => {
  it.each(FORMATS)("accepts a whole %s from a real encoder", (format) => {
    for (const seed of [1, 2, 3]) expect(imageIntegrityProblem(noisyImage(format, 96, 64, seed), CONTENT_TYPE[format])).toBeNull();
  });

  it.each(FORMATS)("refuses a %s cut anywhere after its header, 60% included", (format) => {
    const whole = noisyImage(format);
    for (let percent = 5; percent < 100; percent += 5) {
      const cut = whole.subarray(0, Math.floor((whole.length * percent) / 100));
      // Each cut either fails the sniff (too short for a header) or the structural walk.
      const refused = sniffImage(cut) === null || imageIntegrityProblem(cut, CONTENT_TYPE[format]) !== null;
      expect(refused, `${format} cut at ${percent}%`).toBe(true);
    }
    expect(() => toGeneratedImage(whole.subarray(0, Math.floor(whole.length * 0.6)), 1e9, "test")).toThrow(
      expect.objectContaining({ code: "PROVIDER_BAD_RESPONSE", retryable: true }),
    );
  });

  it("refuses a PNG with one flipped bit in its image data (CRC)", () => {
    const png = noisyImage("png");
    const idat = Buffer.from(png).indexOf("IDAT");
    const corrupt = png.slice();
    corrupt[idat + 40]! ^= 0x01;
    expect(imageIntegrityProblem(corrupt, "image/png")).toMatch(/CRC/);
  });

  it("refuses a PNG with no IDAT, or with garbage where a chunk should be", () => {
    const png = noisyImage("png");
    const view = new DataView(png.buffer, png.byteOffset);
    const afterHeader = 8 + 12 + view.getUint32(8);
    const headerOnly = new Uint8Array([...png.subarray(0, afterHeader), ...png.subarray(png.length - 12)]);
    expect(imageIntegrityProblem(headerOnly, "image/png")).toMatch(/no image data/);
    const garbage = png.slice();
    garbage.fill(0x41, afterHeader, afterHeader + 8);
    expect(imageIntegrityProblem(garbage, "image/png")).not.toBeNull();
  });

  it("refuses a JPEG whose segments are broken or whose EOI is missing", () => {
    const jpeg = noisyImage("jpeg");
    const noEoi = jpeg.subarray(0, jpeg.length - 2);
    expect(imageIntegrityProblem(noEoi, "image/jpeg")).toMatch(/EOI/);
    const badMarker = jpeg.slice();
    badMarker[2] = 0x00;
    expect(imageIntegrityProblem(badMarker, "image/jpeg")).toMatch(/marker/);
    const zeroLength = jpeg.slice();
    zeroLength[4] = 0;
    zeroLength[5] = 0;
    expect(imageIntegrityProblem(zeroLength, "image/jpeg")).toMatch(/impossible length/);
  });

  it("refuses a WebP whose RIFF length disagrees with the bytes", () => {
    const webp = noisyImage("webp");
    const longer = new Uint8Array([...webp, 0, 0, 0, 0]);
    expect(imageIntegrityProblem(longer, "image/webp")).toMatch(/after its RIFF end/);
    const lying = webp.slice();
    new DataView(lying.buffer).setUint32(16, 3, true);
    expect(imageIntegrityProblem(lying, "image/webp")).toMatch(/do not add up/);
  });
});
