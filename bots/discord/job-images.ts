import type { RawFile } from "discord.js";
import type { Image } from "../../core/domain/image.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { LIMITS } from "./limits.ts";

export interface ImageRef {
  image: Image;
  /** An https URL of ours, or attachment://<name> for bytes uploaded with the message. */
  url: string;
}

export interface PreparedImages {
  refs: ImageRef[];
  files: RawFile[];
  /** Images that did not fit in the upload limit; the message says so. */
  omitted: number;
}

/**
 * How a job's images reach Discord. Public URLs (CloudFront, a public PUBLIC_URL) are linked;
 * otherwise Discord's servers could not fetch them, so the bytes are attached, as many as
 * the interaction's upload limit allows. Either way the image is ours, never a Discord CDN copy.
 */
export async function prepareImages(images: readonly Image[], storage: ObjectStorage, sizeLimit: number): Promise<PreparedImages> {
  if (storage.publicUrls) {
    return { refs: images.map((image) => ({ image, url: imageUrl(storage, image) })), files: [], omitted: 0 };
  }
  const refs: ImageRef[] = [];
  const files: RawFile[] = [];
  let bytes = 0;
  for (const image of images) {
    const object = files.length < LIMITS.attachments && bytes + image.bytes <= sizeLimit ? await storage.get(image.storageKey) : null;
    if (!object || bytes + object.bytes.byteLength > sizeLimit) continue;
    bytes += object.bytes.byteLength;
    const name = attachmentName(image);
    files.push({ name, data: object.bytes, contentType: object.contentType });
    refs.push({ image, url: `attachment://${name}` });
  }
  return { refs, files, omitted: images.length - refs.length };
}

/** Attachment names allow letters, digits, "-", "_" and "."; job ids and key extensions fit. */
function attachmentName(image: Image): string {
  const extension = /\.([a-z0-9]+)$/i.exec(image.storageKey)?.[1] ?? "png";
  return `${image.jobId}-${image.index + 1}.${extension}`;
}
