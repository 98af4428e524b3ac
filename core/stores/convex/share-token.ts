import { randomBytes } from "node:crypto";

/**
 * 18 random bytes, 24 URL-safe characters behind /c/<token> (the SQLite store's format).
 * Minted here because randomness inside a Convex mutation is seeded for determinism.
 */
export function newShareToken(): string {
  return randomBytes(18).toString("base64url");
}
