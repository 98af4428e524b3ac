import { randomBytes } from "node:crypto";
import { utcDay } from "../domain/usage.ts";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

const INPUT_KEY = /^[^/]+\/\d{4}-\d{2}-\d{2}\/(job_[A-Za-z0-9]+)-input-(\d+)x(\d+)-[A-Za-z0-9]+\.[a-z]+$/;

/**
 * Where a job's own copy of its input image is stored: beside the workspace's results (same
 * prefix, so storage lifecycle rules and the orphan sweep see it), marked "-input-" so the
 * sweep checks it against the job row rather than image rows. The pixel size rides in the key
 * (checked once, when the image was loaded), so a worker knows it without decoding the bytes.
 */
export function inputImageKey(input: { workspaceId: string; jobId: string; contentType: string; width: number; height: number; now: number }): string {
  const ext = EXTENSIONS[input.contentType] ?? "bin";
  const nonce = randomBytes(16).toString("base64url").replace(/[-_]/g, "x");
  return `${input.workspaceId}/${utcDay(input.now)}/${input.jobId}-input-${input.width}x${input.height}-${nonce}.${ext}`;
}

/** What an input key says: its job and the image's pixel size; null for any other key. */
export function parseInputImageKey(key: string): { jobId: string; width: number; height: number } | null {
  const match = INPUT_KEY.exec(key);
  return match ? { jobId: match[1]!, width: Number(match[2]), height: Number(match[3]) } : null;
}
