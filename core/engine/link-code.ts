import { createHash, randomInt } from "node:crypto";

/**
 * One-time workspace link codes: 10 characters an admin reads on one screen and types on
 * another. The alphabet leaves out 0/O, 1/I/L (and U, so no words form as easily): 30 symbols,
 * about 49 bits, for a code that lives 10 minutes and works once. Only the SHA-256 of the
 * normalized code is stored.
 */
const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
export const LINK_CODE_LENGTH = 10;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${LINK_CODE_LENGTH}}$`);

export function newLinkCode(): string {
  let code = "";
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** "ABCDE-FGHJK", as people are shown it. */
export function formatLinkCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed, as a code: case, spaces and dashes do not matter. Null when it cannot be one. */
export function normalizeLinkCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]+/g, "");
  return CODE_PATTERN.test(code) ? code : null;
}

export function hashLinkCode(code: string): string {
  return createHash("sha256").update(`pixorly-link:${code}`).digest("hex");
}
