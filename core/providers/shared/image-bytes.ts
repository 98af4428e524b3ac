import { type GeneratedImage, ProviderError } from "../../ports/image-provider.ts";
import { imageIntegrityProblem } from "./image-integrity.ts";
import { sniffImage } from "./sniff-image.ts";
import { USER_MESSAGES } from "./user-messages.ts";

/**
 * Accepts bytes only when they are one whole PNG, JPEG or WebP within the size cap, so an HTML
 * error page or a cut-off or corrupt answer is never stored or charged as an image. Retryable:
 * the next answer may be fine; when none is, the job fails and is refunded.
 */
export function toGeneratedImage(bytes: Uint8Array, maxBytes: number, source: string): GeneratedImage {
  if (bytes.byteLength > maxBytes) throw badImage(`${source}: image of ${bytes.byteLength} bytes exceeds the ${maxBytes}-byte cap`);
  const info = sniffImage(bytes);
  if (!info) throw badImage(`${source}: bytes are not a PNG, JPEG or WebP image (starts ${preview(bytes)})`);
  const problem = imageIntegrityProblem(bytes, info.contentType);
  if (problem) throw badImage(`${source}: ${problem}, ${bytes.byteLength} bytes`);
  return { bytes, ...info };
}

const DATA_URL = /^data:([^,]*),/;

/** Decodes raw base64 or a `data:...;base64,` URL into a checked image. */
export function decodeBase64Image(data: string, maxBytes: number, source: string): GeneratedImage {
  let payload = data;
  const header = DATA_URL.exec(data);
  if (header) {
    if (!header[1]!.split(";").includes("base64")) throw badImage(`${source}: data URL is not base64-encoded`);
    payload = data.slice(header[0].length);
  }
  // Checked before decoding so an oversized answer costs no second copy.
  if (Math.floor((payload.length * 3) / 4) > maxBytes + 2) {
    throw badImage(`${source}: base64 image of ${payload.length} characters exceeds the ${maxBytes}-byte cap`);
  }
  const buffer = Buffer.from(payload, "base64");
  return toGeneratedImage(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), maxBytes, source);
}

function badImage(message: string): ProviderError {
  return new ProviderError("PROVIDER_BAD_RESPONSE", message, { retryable: true, userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE });
}

function preview(bytes: Uint8Array): string {
  return JSON.stringify(Buffer.from(bytes.subarray(0, 16)).toString("latin1"));
}
