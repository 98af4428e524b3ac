import { createHash } from "node:crypto";

/**
 * A deterministic random stream for `parts`: the same parts give the same numbers on every
 * machine and every run, which is what makes the local placeholder reproducible. SHA-256 spreads
 * near-identical prompts ("cat" / "cats") to unrelated streams; sfc32 then draws from the digest.
 */
export function seededRandom(...parts: readonly (string | number)[]): () => number {
  const digest = createHash("sha256").update(JSON.stringify(parts)).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // sfc32's first outputs still echo the seed words; discarding a few is the usual warm-up.
  for (let i = 0; i < 12; i++) next();
  return next;
}
