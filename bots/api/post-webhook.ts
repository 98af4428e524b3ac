import http from "node:http";
import https from "node:https";
import { publicOnlyLookup, UnsafeAddressError } from "../../core/providers/shared/public-only-lookup.ts";

export type PostOutcome = { ok: true } | { ok: false; retryable: boolean; reason: string };

/**
 * One POST of a webhook body. Untrusted hosts connect only to public addresses (checked inside
 * the socket's own DNS lookup); redirects are not followed, since a redirect would send the
 * signed body somewhere the client did not name. Never throws.
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; trusted: boolean },
): Promise<PostOutcome> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: "POST",
        signal: AbortSignal.timeout(options.timeoutMs),
        lookup: options.trusted ? undefined : publicOnlyLookup,
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": "Pixorly-Webhooks/1" },
      },
      (response) => {
        // Only the status matters: the receiver's body is never read, so it costs no memory
        // however large it is.
        response.destroy();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve({ ok: true });
        // The receiver is down or busy: worth another try. Anything else will answer the same again.
        const retryable = status >= 500 || status === 429 || status === 408;
        resolve({ ok: false, retryable, reason: `answered HTTP ${status}` });
      },
    );
    request.on("error", (error) => {
      const unsafe = error instanceof UnsafeAddressError || error.cause instanceof UnsafeAddressError;
      resolve({ ok: false, retryable: !unsafe, reason: error.message });
    });
    request.end(body);
  });
}
