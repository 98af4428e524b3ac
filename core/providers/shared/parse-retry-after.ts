/**
 * Milliseconds to wait from a Retry-After header, which is either delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Null when absent or unreadable, so the retry policy's backoff applies.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates always name the month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone
  // would also take "-3" as a year.
  const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
