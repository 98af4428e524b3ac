import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import type { ImageFetch } from "../../ports/image-fetch.ts";
import { ProviderError } from "../../ports/image-provider.ts";
import { ANSWER_BUDGET } from "./answer-budget.ts";
import { toGeneratedImage } from "./image-bytes.ts";
import { isPublicAddress } from "./is-public-address.ts";
import { publicOnlyLookup, UnsafeAddressError } from "./public-only-lookup.ts";
import { PROVIDER_DEFAULTS } from "./provider-defaults.ts";
import { USER_MESSAGES } from "./user-messages.ts";

export type { ImageFetch } from "../../ports/image-fetch.ts";

export interface SafeImageFetchOptions {
  /**
   * Test seam: exact `host:port` values fetched without the public-address check, e.g. a fake
   * server on 127.0.0.1. Tests pass it in code; nothing in configuration reaches it.
   */
  allowHosts?: readonly string[];
  /** Test seam: accept http:// as well as https:// (fake servers speak plain HTTP). */
  allowHttp?: boolean;
  maxBytes?: number;
  maxRedirects?: number;
}

type Answer = { kind: "redirect"; location: string } | { kind: "body"; bytes: Uint8Array };

/**
 * A URL from a provider's answer is untrusted input: fetched only over https, only from public
 * addresses, redirects followed by hand (at most 3) with every hop checked again.
 *
 * Built on node:http(s) rather than fetch because the address check has to run inside the
 * connection's own DNS lookup (publicOnlyLookup).
 */
export function createSafeImageFetch(options: SafeImageFetchOptions = {}): ImageFetch {
  const allowHosts = new Set(options.allowHosts ?? []);
  const maxBytes = options.maxBytes ?? PROVIDER_DEFAULTS.maxImageBytes;
  const maxRedirects = options.maxRedirects ?? 3;

  return async (url, signal, call = {}) => {
    const cap = call.maxBytes ?? maxBytes;
    let current = parseUrl(url);
    const origin = current.origin;
    for (let hop = 0; ; hop++) {
      const trusted = allowHosts.has(current.host);
      checkUrl(current, trusted, options.allowHttp ?? false);
      // The token goes only to the origin it was given for, never along a redirect elsewhere.
      const authorization = current.origin === origin ? call.authorization : undefined;
      const answer = await download(current, signal, cap, trusted ? undefined : publicOnlyLookup, authorization);
      if (answer.kind === "body") return toGeneratedImage(answer.bytes, cap, `image at ${current.host}`);
      if (hop >= maxRedirects) throw refused(`image URL redirected more than ${maxRedirects} times`);
      current = parseUrl(answer.location, current);
    }
  };
}

function parseUrl(value: string, base?: URL): URL {
  try {
    return new URL(value, base);
  } catch (error) {
    throw refused(`image URL is not a URL: ${value.slice(0, 100)}`, error);
  }
}

function checkUrl(url: URL, trusted: boolean, allowHttp: boolean): void {
  const schemeOk = url.protocol === "https:" || (allowHttp && url.protocol === "http:");
  if (!schemeOk) throw refused(`image URL must use https, got ${url.protocol}`);
  if (url.username || url.password) throw refused("image URL must not carry credentials");
  // Literal addresses never go through DNS, so the lookup below would not see them.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!trusted && isIP(host) && !isPublicAddress(host)) throw refused(`image URL points at a non-public address ${host}`);
}

function download(
  url: URL,
  signal: AbortSignal,
  maxBytes: number,
  lookup: LookupFunction | undefined,
  authorization: string | undefined,
): Promise<Answer> {
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { accept: "image/png, image/jpeg, image/webp" };
  if (authorization) headers.authorization = authorization;
  return new Promise<Answer>((resolve, reject) => {
    const request = client.get(url, { signal, lookup, headers }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        return resolve({ kind: "redirect", location: response.headers.location });
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return reject(badResponse(`image download from ${url.host} answered HTTP ${status}`));
      }
      if (Number(response.headers["content-length"] ?? 0) > maxBytes) {
        response.destroy();
        return reject(badResponse(`image at ${url.host} is larger than the ${maxBytes}-byte cap`));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      // Bytes held count against the process-wide budget until the download settles.
      let settled = false;
      const settle = (whole: boolean) => {
        if (settled) return;
        settled = true;
        if (whole) ANSWER_BUDGET.give(received);
        else ANSWER_BUDGET.abandon(received);
      };
      response.on("data", (chunk: Buffer) => {
        if (settled) return;
        const tooBig = received + chunk.byteLength > maxBytes;
        if (tooBig || !ANSWER_BUDGET.take(chunk.byteLength)) {
          chunks.length = 0;
          response.destroy();
          settle(false);
          return reject(
            badResponse(
              tooBig
                ? `image at ${url.host} is larger than the ${maxBytes}-byte cap`
                : `image download from ${url.host} stopped: other answers already hold the process's memory budget for answers in flight`,
            ),
          );
        }
        received += chunk.byteLength;
        chunks.push(chunk);
      });
      response.on("end", () => {
        settle(true);
        resolve({ kind: "body", bytes: new Uint8Array(Buffer.concat(chunks)) });
      });
      response.on("error", (error) => {
        settle(false);
        reject(failure(error, url, signal));
      });
    });
    request.on("error", (error) => reject(failure(error, url, signal)));
  });
}

function failure(error: Error, url: URL, signal: AbortSignal): ProviderError {
  if (error instanceof UnsafeAddressError) return refused(error.message, error);
  if (signal.aborted) {
    return new ProviderError("PROVIDER_TIMEOUT", `image download from ${url.host} did not finish in time`, {
      retryable: true,
      userMessage: USER_MESSAGES.PROVIDER_TIMEOUT,
      cause: error,
    });
  }
  return new ProviderError("PROVIDER_NETWORK", `image download from ${url.host} failed: ${error.message}`, {
    retryable: true,
    userMessage: USER_MESSAGES.PROVIDER_NETWORK,
    cause: error,
  });
}

/** A link we will not follow is not going to become safe on a retry. */
function refused(message: string, cause?: unknown): ProviderError {
  return new ProviderError("PROVIDER_BAD_RESPONSE", message, { retryable: false, userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE, cause });
}

function badResponse(message: string): ProviderError {
  return new ProviderError("PROVIDER_BAD_RESPONSE", message, { retryable: true, userMessage: USER_MESSAGES.PROVIDER_BAD_RESPONSE });
}
