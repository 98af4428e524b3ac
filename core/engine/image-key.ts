import { pooledRandomBytes } from "../domain/random-pool.ts";
import { utcDay } from "../domain/usage.ts";

const EXTENSIONS: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * Storage keys laid out by workspace and day (one directory per day on local disk, not one per
 * job), ending in 128 random bits so a public URL cannot be guessed from a job id.
 */
export function imageKey(input: { workspaceId: string; jobId: string; index: number; contentType: string; now: number }): string {
  const ext = EXTENSIONS[input.contentType] ?? "bin";
  return `${input.workspaceId}/${utcDay(input.now)}/${input.jobId}-${input.index}-${keyNonce()}.${ext}`;
}

/** 128 random bits in key-safe letters and digits: what makes a stored object's URL unguessable. */
export function keyNonce(): string {
  return Buffer.from(pooledRandomBytes(16)).toString("base64url").replace(/[-_]/g, "x");
}
