import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "../../core/domain/job.ts";
import { galleryHarness, type GalleryHarness } from "./gallery-harness.ts";

const XSS = `<script>alert("pwned")</script> & 'quoted'`;
const XSS_ESCAPED = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;";
const SECRET = "my secret private sketch";

function imgTags(body: string): string[] {
  return body.match(/<img [^>]*>/g) ?? [];
}

describe("shared gallery page", () => {
  let h: GalleryHarness;
  let jobs: Record<"lighthouse" | "xss" | "fox" | "secret", Job>;
  let gallery: Awaited<ReturnType<GalleryHarness["channelGallery"]>>;

  beforeAll(async () => {
    h = await galleryHarness({ pageSize: 2 });
    jobs = {
      lighthouse: await h.complete("a lighthouse at dusk"),
      xss: await h.complete(XSS),
      fox: await h.complete("a red fox in the snow"),
      secret: await h.complete(SECRET, { private: true }),
    };
    gallery = await h.channelGallery("#<i>art</i>");
  });
  afterAll(() => h.cleanup());

  async function images(job: Job) {
    return h.store.images.listForJob(job.id);
  }

  it("lists the public images newest first, with prompts as alt text and captions, and dates", async () => {
    const res = await fetch(gallery.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const body = await res.text();
    expect(body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const tags = imgTags(body);
    expect(tags).toHaveLength(2);
    const [fox] = await images(jobs.fox);
    expect(tags[0]).toContain(`src="${h.storage.urlFor(fox!.storageKey)}"`);
    expect(tags[0]).toContain('alt="a red fox in the snow"');
    expect(tags[0]).toContain(`width="${fox!.width}" height="${fox!.height}"`);
    expect(tags[1]).toContain(`alt="${XSS_ESCAPED}"`);
    expect(body).toContain("<figcaption><p>a red fox in the snow</p>");
    // The harness clock stands at 2026-11-26 12:00 UTC.
    expect(body).toContain('<time datetime="2026-11-26T12:00:00.000Z">Nov 26, 2026</time>');
    expect(body).toContain("3 images");
  });

  it("escapes prompts and collection names: user input never becomes markup", async () => {
    const body = await (await fetch(gallery.url)).text();
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toContain("<i>");
    expect(body).toContain(`<p>${XSS_ESCAPED}</p>`);
    expect(body).toContain("<h1>#&lt;i&gt;art&lt;/i&gt;</h1>");
    expect(body).toContain("<title>#&lt;i&gt;art&lt;/i&gt; · Pixorly</title>");
  });

  it("never shows a private image, even one linked into a shared collection", async () => {
    const [secret] = await images(jobs.secret);
    expect(await h.store.collections.addImage(gallery.collection.id, secret!.id, null, h.clock.now())).toBe(true);
    // The member's personal collection holds it too; sharing that collection shows nothing.
    expect(await h.engine.saveToCollection(h.actor(), jobs.secret.id)).toEqual({ ok: true, value: 1 });
    const personal = await h.store.collections.ensureForUser({ workspaceId: jobs.secret.workspaceId, userId: jobs.secret.userId, name: "saved", now: h.clock.now() });
    const token = randomBytes(18).toString("base64url");
    await h.store.collections.setShareToken(personal.id, token, h.clock.now());

    const pages = await Promise.all([gallery.url, `${gallery.url}?page=2`, `${h.base}/c/${token}`].map(async (u) => (await fetch(u)).text()));
    for (const body of pages) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(secret!.storageKey);
    }
    expect(pages[2]).toContain("0 images");
    expect(pages[2]).toContain("Nothing has been shared here yet.");
    expect(imgTags(pages[2]!)).toEqual([]);
  });

  it("pages with ?page=N and links the neighbours; past the end, zero or junk is a 404", async () => {
    const first = await (await fetch(gallery.url)).text();
    expect(first).toContain('<span aria-current="page">Page 1 of 2</span>');
    expect(first).toContain('<a href="?page=2" rel="next">Older</a>');
    expect(first).not.toContain('rel="prev"');

    const second = await (await fetch(`${gallery.url}?page=2`)).text();
    const [lighthouse] = await images(jobs.lighthouse);
    expect(imgTags(second)).toHaveLength(1);
    expect(second).toContain(h.storage.urlFor(lighthouse!.storageKey));
    expect(second).toContain('<a href="?page=1" rel="prev">Newer</a>');
    expect(second).not.toContain('rel="next"');

    for (const query of ["?page=3", "?page=0", "?page=-1", "?page=1.5", "?page=abc", "?page=99999999"]) {
      expect((await fetch(`${gallery.url}${query}`)).status, query).toBe(404);
    }
  });

  it("sends a strict CSP (no script at all), no-referrer and no-store; answers HEAD, refuses POST", async () => {
    const res = await fetch(gallery.url);
    expect(res.headers.get("content-security-policy")).toMatch(
      new RegExp(`^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src data: ${h.base}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$`),
    );
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-robots-tag")).toBe("noindex");

    const head = await fetch(gallery.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetch(gallery.url, { method: "POST" })).status).toBe(405);
  });

  it("answers unknown, malformed, revoked and sharing-off tokens with one identical 404", async () => {
    const misses: Response[] = [];
    const miss = async (url: string) => {
      const res = await fetch(url);
      expect(res.status, url).toBe(404);
      misses.push(res);
    };
    await miss(`${h.base}/c/${randomBytes(18).toString("base64url")}`);
    await miss(`${h.base}/c/short`);
    await miss(`${h.base}/c/${gallery.shareToken}/`);
    await miss(`${h.base}/c/${gallery.shareToken}%00`);

    const workspaceId = gallery.collection.workspaceId;
    const reissued = randomBytes(18).toString("base64url");
    await h.store.collections.setShareToken(gallery.collection.id, reissued, h.clock.now());
    try {
      await miss(gallery.url);
      expect((await fetch(`${h.base}/c/${reissued}`)).status).toBe(200);
      await h.store.workspaces.updateSettings(workspaceId, { sharingEnabled: false }, h.clock.now());
      await miss(`${h.base}/c/${reissued}`);
    } finally {
      await h.store.workspaces.updateSettings(workspaceId, { sharingEnabled: true }, h.clock.now());
      await h.store.collections.setShareToken(gallery.collection.id, gallery.shareToken, h.clock.now());
    }

    const bodies = new Set(await Promise.all(misses.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    const [body] = bodies;
    expect(body).toContain("<h1>Not found</h1>");
    const headerSets = new Set(misses.map((r) => JSON.stringify([...r.headers].filter(([name]) => name !== "date"))));
    expect(headerSets.size).toBe(1);
  });
});
