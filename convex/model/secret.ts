import { ConvexError } from "convex/values";

/**
 * Constant-time check of the service secret the bots send with every call. Both sides are
 * hashed first so that neither the comparison time nor the length reveals anything. An unset
 * PIXORLY_SERVICE_SECRET refuses everything: a deployment without it must not be open.
 */
export async function requireServiceSecret(given: string): Promise<void> {
  const expected = process.env.PIXORLY_SERVICE_SECRET;
  if (!expected || !(await sameSecret(given, expected))) {
    throw new ConvexError({
      code: "UNAUTHORIZED",
      message: "Wrong or missing service secret: set PIXORLY_SERVICE_SECRET to the same value in the Convex deployment and the bots.",
    });
  }
}

async function sameSecret(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  const x = new Uint8Array(ha);
  const y = new Uint8Array(hb);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
