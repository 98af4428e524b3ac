import type { ServerResponse } from "node:http";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { HttpServer } from "../http/create-http-server.ts";
import { requestPath } from "../http/request-path.ts";
import { sendError } from "../http/send-json.ts";
import { httpOrigin, pageHeaders } from "./page-headers.ts";
import { NOT_FOUND_PAGE, renderGalleryPage, type GalleryImage, type GalleryPage } from "./render-gallery-page.ts";

export const GALLERY_PREFIX = "/c";

export interface GalleryOptions {
  http: Pick<HttpServer, "mountPrefix">;
  /** Decides what a share link shows (SharedGallery); this page only renders it. */
  engine: Pick<Engine, "gallery">;
  storage: ObjectStorage;
  /** Images per page (default 24: a few rows on a wide screen, still one small page). */
  pageSize?: number;
}

const PAGE = /^[1-9][0-9]{0,5}$/;

/**
 * GET /c/<shareToken>[?page=N]: a shared collection's public images as a small HTML page.
 * Every miss the engine reports (see SharedGallery) and a malformed page number get the same
 * 404, so the answer says nothing about which tokens once existed.
 */
export function mountGallery(options: GalleryOptions): void {
  const pageSize = options.pageSize ?? 24;

  const load = async (token: string, page: number): Promise<{ gallery: GalleryPage; origins: string[] } | null> => {
    const found = await options.engine.gallery.page(token, page, pageSize);
    if (!found.ok) return null;
    const shown: GalleryImage[] = [];
    const origins = new Set<string>();
    for (const image of found.value.images) {
      const url = imageUrl(options.storage, image);
      const origin = httpOrigin(url);
      if (!origin) continue;
      origins.add(origin);
      shown.push({ url, prompt: image.prompt, width: image.width, height: image.height, createdAt: image.createdAt });
    }
    const { name, pages, total } = found.value;
    return { gallery: { name, images: shown, page, pages, total }, origins: [...origins] };
  };

  options.http.mountPrefix(GALLERY_PREFIX, async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendError(res, 405, "METHOD_NOT_ALLOWED", "method not allowed", { allow: "GET, HEAD" });
      return;
    }
    const token = requestPath(req).slice(GALLERY_PREFIX.length + 1);
    const page = pageNumber(req.url ?? "");
    const found = page !== null ? await load(token, page) : null;
    if (!found) return send(res, 404, NOT_FOUND_PAGE, []);
    send(res, 200, renderGalleryPage(found.gallery), found.origins);
  });
}

/** 1 when absent, null (a miss) when malformed. */
function pageNumber(url: string): number | null {
  const query = url.indexOf("?");
  const value = query === -1 ? null : new URLSearchParams(url.slice(query + 1)).get("page");
  if (value === null) return 1;
  return PAGE.test(value) ? Number(value) : null;
}

function send(res: ServerResponse, status: number, body: string, imageOrigins: string[]): void {
  res.writeHead(status, pageHeaders(body, imageOrigins));
  res.end(body);
}
