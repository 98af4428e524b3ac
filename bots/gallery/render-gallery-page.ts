import { createHash } from "node:crypto";
import { html, trustedHtml, type SafeHtml } from "./html.ts";

export interface GalleryImage {
  url: string;
  prompt: string;
  width: number;
  height: number;
  createdAt: number;
}

export interface GalleryPage {
  name: string;
  images: GalleryImage[];
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
}

/**
 * The page's only styling, inline so the page needs no other request; allowed by the CSP
 * through its hash rather than 'unsafe-inline'.
 */
const STYLE = [
  ":root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.45}",
  "body{margin:0 auto;max-width:75rem;padding:1rem}",
  "h1{font-size:1.5rem;margin:.5rem 0 0;overflow-wrap:anywhere}",
  "header p{margin:.25rem 0 1rem}",
  ".grid{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,15rem),1fr))}",
  "figure{margin:0}",
  "img{display:block;width:100%;height:auto;border-radius:.5rem;background:#8883}",
  "figcaption{margin-top:.4rem;overflow-wrap:anywhere}",
  "figcaption p{margin:0}",
  "time{font-size:.875rem}",
  "nav{display:flex;gap:1.5rem;justify-content:center;align-items:center;margin:2rem 0 1rem}",
  "a:focus-visible{outline:3px solid currentColor;outline-offset:2px}",
].join("");

export const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

/** The first row is likely on screen at once; lazy-loading it would only delay it. */
const EAGER_IMAGES = 4;

const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

function htmlDocument(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.markup;
}

function imageItem(image: GalleryImage, index: number): SafeHtml {
  const iso = new Date(image.createdAt).toISOString();
  // The prompt is the alt text: it is the best description of the picture we have.
  return html`<li><figure>
<a href="${image.url}"><img src="${image.url}" alt="${image.prompt}" width="${image.width}" height="${image.height}" ${index < EAGER_IMAGES ? "" : html`loading="lazy" `}decoding="async"></a>
<figcaption><p>${image.prompt}</p><time datetime="${iso}">${DATE.format(image.createdAt)}</time></figcaption>
</figure></li>`;
}

function pager(page: number, pages: number): SafeHtml | null {
  if (pages <= 1) return null;
  return html`<nav aria-label="Pages">
${page > 1 ? html`<a href="?page=${page - 1}" rel="prev">Newer</a>` : null}
<span aria-current="page">Page ${page} of ${pages}</span>
${page < pages ? html`<a href="?page=${page + 1}" rel="next">Older</a>` : null}
</nav>`;
}

/** A shared collection's page: images newest first, each with its prompt and date. */
export function renderGalleryPage(gallery: GalleryPage): string {
  const count = `${gallery.total} ${gallery.total === 1 ? "image" : "images"}`;
  const body = html`<header>
<h1>${gallery.name}</h1>
<p>${count} · shared from Pixorly</p>
</header>
<main>
${
  gallery.images.length
    ? html`<ul class="grid" role="list">
${gallery.images.map(imageItem)}
</ul>`
    : html`<p>Nothing has been shared here yet.</p>`
}
${pager(gallery.page, gallery.pages)}
</main>`;
  return htmlDocument(`${gallery.name} · Pixorly`, body);
}

/** One body for every miss (unknown token, revoked token, sharing off, no such page). */
export const NOT_FOUND_PAGE = htmlDocument("Not found · Pixorly", html`<main><h1>Not found</h1><p>There is no shared gallery at this address.</p></main>`);
