import { maskSecretValues } from "./secret-values.ts";

/**
 * Secrets must never reach logs. Keys that name a secret are replaced wholesale; inside any
 * string, the configured secret values (secret-values.ts), token-shaped values and the secret
 * parts of URLs (interaction tokens in webhook paths, Slack response_urls, presigned query
 * strings) are masked.
 */
const SECRET_KEY =
  /(token|secret|password|passwd|passphrase|authorization|api[-_]?key|access[-_]?key|private[-_]?key|encryption[-_]?key|signature|cookie|credential|response_?url)/i;

// Stops a match at whitespace, quotes and backslashes, so that scrubbing a JSON log line (see
// create-logger's streamWrite hook) never eats a closing quote or half an escape sequence.
const END = `\\s"'\\\\`;

const STRING_PATTERNS: [RegExp, string][] = [
  // Discord interaction webhooks and callbacks: /webhooks/<application id>/<interaction token>,
  // /interactions/<interaction id>/<interaction token>/callback
  [/(\/(?:webhooks|interactions)\/\d+\/)[A-Za-z0-9_.-]+/g, "$1[REDACTED]"],
  // Slack response_url and incoming webhooks: keep the kind (commands, actions, services), mask the rest
  [new RegExp(`(https://hooks\\.slack(?:-gov)?\\.com/(?:[a-z]+/)?)[^${END}]+`, "g"), "$1[REDACTED]"],
  // Presigned S3 / CloudFront query strings, and query parameters that name a secret
  [
    new RegExp(
      `([?&#](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|AWSAccessKeyId|Signature|Policy|Key-Pair-Id|code|sig|key|[\\w.-]*(?:token|secret|password|api[-_]?key|signature|credential))=)[^&#${END}]+`,
      "gi",
    ),
    "$1[REDACTED]",
  ],
  // "authorization: <scheme> <credentials>" written into a string, as prose or as (escaped)
  // JSON. After a quoted key only a quoted value is masked: an unquoted one is a JSON null,
  // boolean, number or object, and masking it would break the line.
  [
    new RegExp(`(\\bauthorization\\\\?["']\\s*[:=]\\s*\\\\?["'])(?:(?:Bearer|Basic|Bot)\\s+)?[^,;}${END}]+`, "gi"),
    "$1[REDACTED]",
  ],
  [
    new RegExp(`(\\bauthorization\\s*[:=]\\s*\\\\?["']?)(?:(?:Bearer|Basic|Bot)\\s+)?[^,;}${END}]+`, "gi"),
    "$1[REDACTED]",
  ],
  // Bearer values anywhere. Discord's "Bot <token>" is caught below by the token's shape.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [REDACTED]"],
  // Discord bot tokens and JWTs: three base64url parts separated by dots
  [/\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}/g, "[REDACTED]"],
  // Slack tokens (bot, user, app, refresh, rotating "xoxe.xoxp-"), OpenRouter / OpenAI keys, our API keys
  [/\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/g, "[REDACTED]"],
  [/\bxapp-[A-Za-z0-9-]+/g, "[REDACTED]"],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, "[REDACTED]"],
  [/\bpxl_[A-Za-z0-9]+_[A-Za-z0-9_-]+/g, "[REDACTED]"],
  // user:password@ (or :password@) in URLs
  [new RegExp(`(//[^/@:${END}]*:)[^/@${END}]+@`, "g"), "$1[REDACTED]@"],
];

const MAX_DEPTH = 8;

/**
 * Any of the patterns, case-insensitive (so a superset): one cheap test tells most strings
 * apart from the few worth running the patterns over. Most log strings hold no secret.
 */
export const MIGHT_HOLD_SECRET = new RegExp(STRING_PATTERNS.map(([pattern]) => `(?:${pattern.source})`).join("|"), "i");

export function scrubString(text: string): string {
  let out = maskSecretValues(text);
  if (!MIGHT_HOLD_SECRET.test(out)) return out;
  for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

type TextScrub = (text: string) => string;
const keepText: TextScrub = (text) => text;

function scrubError(error: Error, depth: number, text: TextScrub): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.name,
    message: text(error.message),
    stack: error.stack && text(error.stack),
  };
  // Own fields (CodedError's code and fields, a provider's status) are logged like any object.
  Object.assign(out, walk({ ...error }, depth, text));
  if (error.cause !== undefined) out.cause = walk(error.cause, depth + 1, text);
  return out;
}

/** Masks secrets in any value: by key name, and inside every string (scrubString). */
export function scrubSecrets(value: unknown, depth = 0): unknown {
  return walk(value, depth, scrubString);
}

/**
 * Masks values under secret-named keys only, leaving strings as they are: for the logger, whose
 * finished line gets the string pass once (create-logger's scrubJsonLine), not once per field.
 */
export function redactSecretKeys(value: unknown): unknown {
  return walk(value, 0, keepText);
}

function walk(value: unknown, depth: number, text: TextScrub): unknown {
  if (typeof value === "string") return text(value);
  if (value === null || typeof value !== "object") return value;
  // Past the depth limit (or in a cycle) nothing is logged rather than something unscrubbed.
  if (depth > MAX_DEPTH) return "[Object]";
  if (value instanceof Error) return scrubError(value, depth, text);
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, text));
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof URL) return text(value.href);
  // Dates and other values that serialize themselves would otherwise log as {}.
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return walk(toJSON.call(value), depth + 1, text);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // A secret is a string (or bytes); counts and expiry times under a "token" key are not.
    const secret = SECRET_KEY.test(key) && v !== null && v !== undefined && v !== "" && typeof v !== "number" && typeof v !== "boolean";
    out[key] = secret ? "[REDACTED]" : walk(v, depth + 1, text);
  }
  return out;
}
