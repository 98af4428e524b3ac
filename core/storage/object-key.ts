/**
 * Object keys are chosen by the engine ("ws_.../job_.../0-<random>.png") and end up both in
 * file paths and in URLs, so they are held to a shape that is safe in both without escaping:
 * URL-unreserved characters, "/"-separated non-empty segments, no segment starting with "."
 * (which rules out "." and ".." and keeps the local-disk temp files, named ".<...>.tmp",
 * unaddressable). Anything else is refused rather than normalised.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 512;

export function isValidObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment));
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

/** The image content type a key's extension names, or null for any other extension. */
export function contentTypeForKey(key: string): string | null {
  const dot = key.lastIndexOf(".");
  if (dot <= key.lastIndexOf("/")) return null;
  return IMAGE_TYPES[key.slice(dot + 1).toLowerCase()] ?? null;
}
