import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CodedError } from "./errors.ts";

const VERSION = "v1";
const IV_BYTES = 12;

/**
 * Seals secrets kept at rest (Slack bot tokens) with AES-256-GCM, so every store holds
 * ciphertext only. `context` names the row the secret belongs to ("slack:E-/T01") and is
 * authenticated with it: a sealed value copied onto another row does not open.
 *
 * Sealed form: `v1.<iv>.<tag>.<ciphertext>`, base64url; the version leaves room for a new
 * key or algorithm without guessing what old rows hold.
 */
export interface TokenCipher {
  seal(plaintext: string, context: string): string;
  /** Throws TOKEN_UNREADABLE when the value was sealed with another key or for another context. */
  open(sealed: string, context: string): string;
}

/** `keyBase64` is PIXORLY_ENCRYPTION_KEY: 32 random bytes in base64 (`openssl rand -base64 32`). */
export function createTokenCipher(keyBase64: string): TokenCipher {
  const key = Buffer.from(keyBase64, "base64");
  if (key.length !== 32) {
    throw new CodedError("ENCRYPTION_KEY_INVALID", "PIXORLY_ENCRYPTION_KEY must be 32 bytes in base64: generate one with `openssl rand -base64 32`.");
  }
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split(".");
      if (version !== VERSION || !iv || !tag || body === undefined) {
        throw new CodedError("TOKEN_UNREADABLE", "a stored token is not in a format this version reads", { fields: { context } });
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(context, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
      } catch (error) {
        throw new CodedError("TOKEN_UNREADABLE", "a stored token does not open with PIXORLY_ENCRYPTION_KEY (was the key changed?)", {
          cause: error,
          fields: { context },
        });
      }
    },
  };
}
