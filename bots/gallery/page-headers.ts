import type { OutgoingHttpHeaders } from "node:http";
import { STYLE_HASH } from "./render-gallery-page.ts";

/**
 * Headers for gallery responses. The page runs no script at all; it loads its own inline
 * style (by hash) and images only from the origins its image URLs name (this server, a
 * CloudFront domain, an S3 endpoint). `no-referrer`: the share token is in the page's URL and
 * must not travel to the image host in a Referer header.
 */
export function pageHeaders(body: string, imageOrigins: readonly string[]): OutgoingHttpHeaders {
  const csp = [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    // data: is for the page's empty icon, which saves the browser a request for /favicon.ico.
    `img-src ${["data:", ...imageOrigins].join(" ")}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  return {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "content-security-policy": csp.join("; "),
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    // A revoked link must stop working at once, so nothing keeps a copy.
    "cache-control": "no-store",
    "x-robots-tag": "noindex",
  };
}

/** The origin of an http(s) URL, or null for anything else (which our storage never produces). */
export function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : null;
  } catch {
    return null;
  }
}
