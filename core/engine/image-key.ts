import { randomBytes } from "node:crypto";
import { utcDay } from "../domain/usage.ts";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Storage keys laid out by workspace and day (one directory per day on local disk, not one per
 * job), ending in 128 random bits so a public URL cannot be guessed from a job id.
 */
export function imageKey(input: { workspaceId: string; jobId: string; index: number; contentType: string; now: number }): string {
  const ext = EXTENSIONS[input.contentType] ?? "bin";
  const nonce = randomBytes(16).toString("base64url").replace(/[-_]/g, "x");
  return `${input.workspaceId}/${utcDay(input.now)}/${input.jobId}-${input.index}-${nonce}.${ext}`;
}
