const INPUT_KEY = /^[^/]+\/\d{4}-\d{2}-\d{2}\/(job_[A-Za-z0-9]+)-input-(\d+)x(\d+)(?:-(\d+)b)?-[A-Za-z0-9]+\.[a-z]+$/;

/**
 * What a job's input key says (core/engine/input-image-key.ts makes it): its job, the image's
 * pixel size and its stored byte size; null for any other key. The byte size is what the
 * workspace's storage total counted for the copy at submit, so releasing it needs no other
 * record. Keys made before the size was counted carry none: 0, which is what they counted.
 */
export function parseInputImageKey(key: string): { jobId: string; width: number; height: number; bytes: number } | null {
  const match = INPUT_KEY.exec(key);
  return match ? { jobId: match[1]!, width: Number(match[2]), height: Number(match[3]), bytes: Number(match[4] ?? 0) } : null;
}

/** The bytes the storage totals hold for a job's input copy (0 for none or a key without a size). */
export function inputImageBytes(key: string | null | undefined): number {
  return key ? (parseInputImageKey(key)?.bytes ?? 0) : 0;
}
