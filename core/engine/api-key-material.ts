import { createHash, randomBytes } from "node:crypto";

/**
 * `pxl_<prefix>_<secret>`: the prefix (32 random bits, hex) is stored to tell keys apart in
 * lists; the secret is 192 random bits. Hex only, so a double-click selects the whole key.
 */
const KEY_FORMAT = /^pxl_[0-9a-f]{8}_[0-9a-f]{48}$/;

export interface KeyMaterial {
  /** Shown to its creator once and never stored. */
  rawKey: string;
  /** "pxl_<prefix>", stored for display and for naming a key to revoke. */
  prefix: string;
  keyHash: string;
}

/** SHA-256 hex: what the store keeps and looks keys up by. */
export function hashApiKey(rawKey: string): string {
  return createHash("sha256").update(rawKey, "utf8").digest("hex");
}

export function newKeyMaterial(): KeyMaterial {
  const prefix = `pxl_${randomBytes(4).toString("hex")}`;
  const rawKey = `${prefix}_${randomBytes(24).toString("hex")}`;
  return { rawKey, prefix, keyHash: hashApiKey(rawKey) };
}

/** Cheap syntax check before any store call, so garbage never costs a lookup. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_FORMAT.test(value);
}
