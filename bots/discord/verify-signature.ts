import { createPublicKey, verify } from "node:crypto";

/** DER SubjectPublicKeyInfo header for a raw 32-byte Ed25519 key. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Discord signs every HTTP interaction with Ed25519 over `timestamp + rawBody`. The key is
 * imported once: importing per request roughly doubles the cost of the ack path.
 */
export function createSignatureVerifier(publicKeyHex: string): (signatureHex: string, timestamp: string, body: Buffer) => boolean {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, "hex")]), format: "der", type: "spki" });
  return (signatureHex, timestamp, body) => {
    // Buffer.from(hex) silently drops what is not hex, so the shape is checked first.
    if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp, "utf8"), body]), key, Buffer.from(signatureHex, "hex"));
  };
}
