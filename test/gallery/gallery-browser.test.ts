import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, chromiumPlan, launchChromium } from "./chromium.ts";
import { galleryHarness, type GalleryHarness } from "./gallery-harness.ts";

/** Screenshots are kept here for a person to look at (gitignored; CI can archive them). */
const RESULTS = resolve(import.meta.dirname, "../../test-results");
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const plan = chromiumPlan();

describe.runIf(plan.run)("shared gallery page in headless chromium", () => {
  let h: GalleryHarness;
  let url: string;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let context: BrowserContext;

  beforeAll(async () => {
    if (plan.missingButRequired) throw new Error(`REQUIRE_CHROMIUM=1 but ${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
    h = await galleryHarness();
    // Seven public images: more than the four loaded eagerly, so lazy loading is exercised too.
    await h.complete("a lighthouse at dusk", { count: 4 });
    await h.complete(`<script>alert("pwned")</script> a fox`, { count: 2 });
    await h.complete("a private sketch", { private: true });
    await h.complete("a quiet harbour at dawn");
    url = (await h.channelGallery("#art")).url;
    browser = await launchChromium();
    context = browser.context;
    mkdirSync(RESULTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.cleanup();
  });

  /** Opens the page, recording anything the browser complains about (CSP violations included). */
  async function open(width: number): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("requestfailed", (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
    await page.setViewportSize({ width, height: 900 });
    const response = await page.goto(url, { waitUntil: "load" });
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  it("loads every image (lazy ones once scrolled to), with the prompt as its accessible name", async () => {
    const { page, problems } = await open(1280);
    const images = page.locator("main img");
    expect(await images.count()).toBe(7);
    for (const image of await images.all()) {
      await image.scrollIntoViewIfNeeded();
      // decode() rejects for an image that failed to load or cannot be decoded.
      const size = await image.evaluate(async (img) => {
        await img.decode();
        return { natural: img.naturalWidth as number, declared: Number(img.getAttribute("width")) };
      });
      expect(size.natural).toBeGreaterThan(0);
      expect(size.natural).toBe(size.declared);
    }
    expect(await page.getByRole("img", { name: "a lighthouse at dusk" }).count()).toBe(4);
    expect(await page.getByRole("img", { name: `<script>alert("pwned")</script> a fox` }).count()).toBe(2);
    expect(await page.getByRole("img", { name: "a private sketch" }).count()).toBe(0);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("#art");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    // The prompt's <script> is text: the document holds no script element at all.
    expect(await page.evaluate("document.scripts.length")).toBe(0);
    expect(problems).toEqual([]);

    const shot = join(RESULTS, "gallery-desktop.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect([...readFileSync(shot).subarray(0, 4)]).toEqual(PNG_MAGIC);
  });

  it("lays the grid out in columns on a wide screen and in one column on a phone", async () => {
    const wide = await open(1280);
    const [a, b] = await Promise.all([0, 1].map((i) => wide.page.locator("main li").nth(i).boundingBox()));
    expect(a!.y).toBe(b!.y);
    expect(b!.x).toBeGreaterThan(a!.x);
    // The inline style applied, so its CSP hash is right.
    expect(await wide.page.locator("ul").evaluate((ul) => ul.ownerDocument.defaultView.getComputedStyle(ul).display)).toBe("grid");

    const phone = await open(375);
    const [c, d] = await Promise.all([0, 1].map((i) => phone.page.locator("main li").nth(i).boundingBox()));
    expect(c!.x).toBe(d!.x);
    expect(d!.y).toBeGreaterThan(c!.y + c!.height);
    expect(c!.width).toBeLessThanOrEqual(375);
    expect(phone.problems).toEqual([]);
    await phone.page.screenshot({ path: join(RESULTS, "gallery-phone.png") });
  });

  it("is usable from the keyboard: Tab reaches the first image's link", async () => {
    const { page } = await open(1280);
    await page.keyboard.press("Tab");
    const focused = page.locator(":focus");
    expect(await focused.getAttribute("href")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png$/);
    expect(await focused.locator("img").getAttribute("alt")).toBe("a quiet harbour at dawn");
  });
});
