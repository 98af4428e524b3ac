import { createPublicKey, verify } from "node:crypto";

/**
 * Verifications waiting on the thread pool at most (~1 ms of its 4 threads' time). The pool also
 * serves file writes and DNS: past this many, a check runs on the event loop instead, which
 * slows the intake of a flood rather than queueing it ahead of everyone's storage I/O.
 */
const MAX_POOLED = 64;

/** DER SubjectPublicKeyInfo header for a raw 32-byte Ed25519 key. */
const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

/**
 * Discord signs every HTTP interaction with Ed25519 over `timestamp + rawBody`. The key is
 * imported once: importing per request roughly doubles the cost of the ack path.
 *
 * The check runs on libuv's thread pool (crypto.verify with a callback), not the event loop:
 * one Ed25519 verification is ~70-90 us here, about a fifth of the main thread's time per
 * /imagine, and the thread pool puts the machine's other cores to work on it while the event
 * loop answers other requests (discord-interactions, which the Chat SDK uses, gets the same
 * from WebCrypto).
 */
export function createSignatureVerifier(publicKeyHex: string): (signatureHex: string, timestamp: string, body: Buffer) => Promise<boolean> {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyHex, "hex")]), format: "der", type: "spki" });
  let pooled = 0;
  return (signatureHex, timestamp, body) => {
    // Buffer.from(hex) silently drops what is not hex, so the shape is checked first.
    if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return Promise.resolve(false);
    const signed = Buffer.concat([Buffer.from(timestamp, "utf8"), body]);
    const signature = Buffer.from(signatureHex, "hex");
    if (pooled >= MAX_POOLED) {
      try {
        return Promise.resolve(verify(null, signed, key, signature));
      } catch {
        return Promise.resolve(false);
      }
    }
    pooled += 1;
    return new Promise((resolve) => {
      // An error here (a malformed signature for this key type) means the request is not Discord's.
      verify(null, signed, key, signature, (error, valid) => {
        pooled -= 1;
        resolve(!error && valid);
      });
    });
  };
}
