import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { scrubString } from "../../core/logging/scrub-secrets.ts";

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(json);
}

/** The one error body shape: `{ error: { code, message } }`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: OutgoingHttpHeaders = {}): void {
  // Error messages may quote upstream text; configured secrets are masked before anyone reads it.
  sendJson(res, status, { error: { code, message: scrubString(message) } }, headers);
}
