/**
 * Secrets must never reach logs. Keys that name a secret are replaced wholesale; inside any
 * string, token-shaped values and the secret parts of URLs (interaction tokens in webhook
 * paths, Slack response_urls, presigned query strings) are masked.
 */
const SECRET_KEY = /(token|secret|password|passwd|authorization|api[-_]?key|private[-_]?key|signature|cookie|credential|response_?url)/i;

const STRING_PATTERNS: [RegExp, string][] = [
  // Discord interaction webhooks: /webhooks/<application id>/<interaction token>
  [/(\/webhooks\/\d+\/)[A-Za-z0-9_.-]+/g, "$1[REDACTED]"],
  // Slack response_url and incoming webhooks
  [/(https:\/\/hooks\.slack\.com\/)[^\s"']+/g, "$1[REDACTED]"],
  // Presigned S3 / CloudFront query strings
  [/([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|Signature|Policy|Key-Pair-Id)=)[^&\s"']+/gi, "$1[REDACTED]"],
  // Bearer / Bot authorization values
  [/\b(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/g, "$1 [REDACTED]"],
  // Slack tokens, OpenRouter / OpenAI keys, our API keys
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, "[REDACTED]"],
  [/\bxapp-[A-Za-z0-9-]+/g, "[REDACTED]"],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, "[REDACTED]"],
  [/\bpxl_[A-Za-z0-9]+_[A-Za-z0-9_-]+/g, "[REDACTED]"],
  // user:password@ in URLs
  [/(\/\/[^/\s:@]+:)[^/\s@]+@/g, "$1[REDACTED]@"],
];

export function scrubString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

export function scrubSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), code: (value as { code?: unknown }).code, stack: value.stack && scrubString(value.stack) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubSecrets(v, depth + 1));
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined && v !== "" ? "[REDACTED]" : scrubSecrets(v, depth + 1);
  }
  return out;
}
