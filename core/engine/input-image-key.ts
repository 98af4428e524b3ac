import { utcDay } from "../domain/usage.ts";
import { keyNonce } from "./image-key.ts";

export { parseInputImageKey } from "../domain/input-image-key.ts";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Where a job's own copy of its input image is stored: beside the workspace's results (same
 * prefix, so storage lifecycle rules and the orphan sweep see it), marked "-input-" so the
 * sweep checks it against the job row rather than image rows. The pixel size rides in the key
 * (checked once, when the image was loaded), so a worker knows it without decoding the bytes;
 * so does the byte size the storage totals count for it (core/domain/input-image-key.ts), so
 * the stores release exactly what submit counted.
 */
export function inputImageKey(input: { workspaceId: string; jobId: string; contentType: string; width: number; height: number; bytes: number; now: number }): string {
  const ext = EXTENSIONS[input.contentType] ?? "bin";
  return `${input.workspaceId}/${utcDay(input.now)}/${input.jobId}-input-${input.width}x${input.height}-${input.bytes}b-${keyNonce()}.${ext}`;
}
