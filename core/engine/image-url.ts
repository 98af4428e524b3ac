import type { Image } from "../domain/image.ts";
import type { ObjectStorage } from "../ports/object-storage.ts";

/**
 * The URL to show for an image, made when it is shown: private images get a fresh signed URL
 * where the storage signs, so an old, expired one is never handed out.
 */
export function imageUrl(storage: ObjectStorage, image: Pick<Image, "storageKey" | "private">): string {
  return storage.urlFor(image.storageKey, { private: image.private });
}
