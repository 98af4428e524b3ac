import { createHmac, hkdfSync } from "node:crypto";

/**
 * The secret an API key's webhooks are signed with, derived rather than stored: from the key's
 * hash (so it rotates with the key, and any process can sign any job's delivery) and from the
 * server key PIXORLY_ENCRYPTION_KEY when one is set (so a copy of the database alone cannot
 * forge a delivery). Changing PIXORLY_ENCRYPTION_KEY changes every secret.
 */
export function webhookSecret(keyHash: string, serverKey: string | null): string {
  const derived = hkdfSync("sha256", serverKey ?? "", keyHash, "pixorly webhook secret v1", 32);
  return `whsec_${Buffer.from(derived).toString("hex")}`;
}

/**
 * The Pixorly-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * The timestamp is signed with the body, so a receiver can refuse old deliveries (replays).
 */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
