import { crc32 } from "node:zlib";
import type { GeneratedImage } from "../../ports/image-provider.ts";

/**
 * Why the bytes are not one whole image, or null when they are. The header sniff only proves an
 * image starts well; a download cut at 60% starts just as well. This walks the container to its
 * end marker: PNG chunk by chunk with every CRC through IEND, JPEG segment by segment (and
 * through each scan's entropy-coded data) to EOI, WebP's RIFF length and chunk list. A structural
 * walk is a few microseconds per image and needs no decoder; what it cannot see (a flipped bit
 * inside JPEG or WebP entropy data, which carry no checksum) still renders as an image.
 */
export function imageIntegrityProblem(bytes: Uint8Array, contentType: GeneratedImage["contentType"]): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (contentType === "image/png") return pngProblem(bytes, view);
  if (contentType === "image/jpeg") return jpegProblem(bytes, view);
  return webpProblem(bytes, view);
}

function pngProblem(bytes: Uint8Array, view: DataView): string | null {
  let offset = 8;
  let sawImageData = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return `PNG chunk at byte ${offset} runs past the end (cut off)`;
    const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== view.getUint32(offset + 8 + length)) return `PNG chunk at byte ${offset} fails its CRC (corrupt)`;
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === "IDAT") sawImageData = true;
    if (type === "IEND") return sawImageData ? null : "PNG has no image data";
    offset = end;
  }
  return "PNG ends before its IEND chunk (cut off)";
}

const EOI = 0xd9;
const SOS = 0xda;

/** Markers that stand alone, with no length field: TEM, RST0-7 (and SOI, handled first). */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

function jpegProblem(bytes: Uint8Array, view: DataView): string | null {
  let offset = 2;
  let sawScan = false;
  while (offset + 2 <= bytes.length) {
    if (bytes[offset] !== 0xff) return `JPEG has no marker at byte ${offset} (corrupt)`;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === EOI) return sawScan ? null : "JPEG ends before any image data";
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) break;
    const length = view.getUint16(offset + 2);
    if (length < 2) return `JPEG segment at byte ${offset} has an impossible length (corrupt)`;
    offset += 2 + length;
    if (offset > bytes.length) break;
    if (marker === SOS) {
      sawScan = true;
      offset = endOfEntropyData(bytes, offset);
    }
  }
  return "JPEG ends before its EOI marker (cut off)";
}

/** Entropy-coded data runs until a marker other than a stuffed 0xFF00 or a restart marker. */
function endOfEntropyData(bytes: Uint8Array, start: number): number {
  let offset = start;
  for (;;) {
    offset = bytes.indexOf(0xff, offset);
    if (offset < 0 || offset + 1 >= bytes.length) return bytes.length;
    const next = bytes[offset + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      offset += next === 0xff ? 1 : 2;
      continue;
    }
    return offset;
  }
}

function webpProblem(bytes: Uint8Array, view: DataView): string | null {
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) return `WebP says ${riffEnd} bytes but only ${bytes.length} arrived (cut off)`;
  if (riffEnd < bytes.length) return `WebP has ${bytes.length - riffEnd} bytes after its RIFF end (corrupt)`;
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const size = view.getUint32(offset + 4, true);
    // Chunks are padded to an even length.
    offset += 8 + size + (size & 1);
  }
  return offset === riffEnd ? null : "WebP chunk sizes do not add up to its RIFF length (corrupt)";
}
