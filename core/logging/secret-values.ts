/**
 * The configured secrets themselves, so that they are masked wherever they appear, whatever
 * their shape: a provider that echoes our key without its "sk-or-v1-" prefix, an S3 error that
 * quotes the access key id, a password inside a URL. Token shapes (scrub-secrets.ts) catch
 * secrets we were never told about; this catches the ones we were.
 */

/** Every secret-bearing variable of core/config/schema.ts (a test keeps this list complete). */
export const SECRET_VARIABLES = [
  "PIXORLY_SERVICE_SECRET",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "CLOUDFRONT_KEY_PAIR_ID",
  "CLOUDFRONT_PRIVATE_KEY",
  "OPENROUTER_API_KEY",
  "OPENAI_API_KEY",
  "SD_WEBUI_URL",
  "DISCORD_TOKEN",
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_CLIENT_SECRET",
  "SLACK_STATE_SECRET",
  "PIXORLY_ENCRYPTION_KEY",
  "CLERK_WEBHOOK_SECRET",
] as const;

/** Shorter values would mask ordinary words; no real secret is this short. */
const MIN_LENGTH = 6;

/** Vendor prefixes a service may drop when it quotes a key back ("sk-or-v1-abc" -> "abc"). */
const KNOWN_PREFIX = /^(?:sk-or-v1-|sk-or-|sk-proj-|sk-svcacct-|sk-admin-|sk-|xox[a-z]-|xapp-\d+-|whsec_|pxl_[0-9a-f]+_)/;

/** The strings to mask for one configured value: itself, the parts that identify it, and how it looks escaped. */
export function secretVariants(name: string, value: string): string[] {
  const parts = new Set<string>([value]);
  const stripped = value.replace(KNOWN_PREFIX, "");
  if (stripped !== value) parts.add(stripped);
  if (name === "SD_WEBUI_URL") {
    // Only the credentials are secret; the host is not.
    try {
      const url = new URL(value);
      parts.clear();
      for (const part of [url.password, decodeURIComponent(url.password)]) if (part) parts.add(part);
      if (url.username || url.password) {
        parts.add(Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64"));
      }
    } catch {
      parts.clear();
    }
  }
  if (name === "CLOUDFRONT_PRIVATE_KEY") {
    // A PEM is logged line by line as often as whole: every body line is a secret of its own.
    for (const line of value.split(/\\n|\r?\n/)) if (!line.startsWith("-----") && line.trim().length >= 16) parts.add(line.trim());
  }
  const variants = new Set<string>();
  for (const part of parts) {
    if (part.length < MIN_LENGTH) continue;
    variants.add(part);
    variants.add(JSON.stringify(part).slice(1, -1));
    variants.add(encodeURIComponent(part));
  }
  return [...variants];
}

/** Longest first, so a value is masked whole before any shorter part of it is. */
let values: string[] = [];

/** Registers the configured secrets (called once when configuration is loaded); replaces any earlier set. */
export function setSecretValues(env: Partial<Record<string, string | undefined>>): void {
  const all = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value) for (const variant of secretVariants(name, value)) all.add(variant);
  }
  values = [...all].sort((a, b) => b.length - a.length);
}

/**
 * Masks every registered secret value in `text`. One `includes` per value (a fast substring
 * search) measured cheaper than one regex alternation of them all, which tries every value at
 * every position.
 */
export function maskSecretValues(text: string): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join("[REDACTED]");
  return out;
}
