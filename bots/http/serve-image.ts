import { createHash } from "node:crypto";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { isValidObjectKey } from "../../core/storage/object-key.ts";
import { requestPath } from "./request-path.ts";
import type { RequestHandler } from "./route-table.ts";
import { sendError } from "./send-json.ts";

export const IMAGES_PREFIX = "/images";

/**
 * GET|HEAD /images/<key> from ObjectStorage. A key never changes its bytes (keys are unique
 * per generated image), so responses are cacheable forever.
 */
export function createImageHandler(storage: ObjectStorage): RequestHandler {
  return async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, 405, "METHOD_NOT_ALLOWED", "method not allowed", { allow: "GET, HEAD" });
      return;
    }
    const key = requestPath(req).slice(IMAGES_PREFIX.length + 1);
    // Valid keys never need percent-encoding, so "%2e%2e", "%2f" or a dot-segment here can only
    // be a probe: refuse it before storage is asked.
    const object = isValidObjectKey(key) ? await storage.get(key) : null;
    if (!object) {
      sendError(res, 404, "NOT_FOUND", "not found");
      return;
    }
    const etag = `"${createHash("sha256").update(object.bytes).digest("base64url").slice(0, 27)}"`;
    const headers = {
      etag,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    };
    if (matchesEtag(req.headers["if-none-match"], etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, "content-type": object.contentType, "content-length": object.bytes.byteLength });
    res.end(req.method === "HEAD" ? undefined : object.bytes);
  };
}

/** If-None-Match uses weak comparison (RFC 9110 13.1.2): a W/ prefix does not matter. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
