import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPublicUrl } from "../../core/storage/is-public-url.ts";
import { createLocalDiskStorage, type LocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { isValidObjectKey } from "../../core/storage/object-key.ts";
import { tempDir } from "../support/temp-dir.ts";

const KEY = "ws_01JABCDEF/job_01JABCDEF/0-k3y.png";
const bytes = (text: string) => new TextEncoder().encode(text);

/** Every file under `dir`, relative, including dot-files. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

const INVALID_KEYS = [
  "",
  "../escape.png",
  "a/../../escape.png",
  "/etc/escape.png",
  "a\\b.png",
  "a//b.png",
  "a/b/",
  "./a.png",
  "a/./b.png",
  ".hidden.png",
  "a/.b.png.123.tmp",
  "a%2fb.png",
  "a b.png",
  "C:escape.png",
  "a\0.png",
  `${"a".repeat(600)}.png`,
];

describe("local disk storage", () => {
  let dir: ReturnType<typeof tempDir>;
  let publicUrl: string;
  let storage: LocalDiskStorage;

  beforeEach(() => {
    dir = tempDir();
    publicUrl = "http://127.0.0.1:4321/";
    storage = createLocalDiskStorage({ dataDir: join(dir.path, "data"), publicUrl: () => publicUrl });
  });
  afterEach(() => dir.remove());

  it("stores bytes under <dataDir>/images/<key> and reads them back with their type", async () => {
    const { url } = await storage.put(KEY, bytes("png bytes"), "image/png");
    expect(url).toBe(`http://127.0.0.1:4321/images/${KEY}`);
    expect(storage.localPath(KEY)).toBe(join(dir.path, "data", "images", KEY));
    expect(readFileSync(storage.localPath(KEY), "utf8")).toBe("png bytes");
    expect(await storage.get(KEY)).toEqual({ bytes: bytes("png bytes"), contentType: "image/png" });
  });

  it("derives the content type from the extension and refuses a disagreeing one", async () => {
    await storage.put("a/b.JPG", bytes("j"), "image/jpeg");
    await storage.put("a/c.webp", bytes("w"), "image/webp; charset=binary");
    expect((await storage.get("a/b.JPG"))?.contentType).toBe("image/jpeg");
    expect((await storage.get("a/c.webp"))?.contentType).toBe("image/webp");
    await expect(storage.put("a/d.png", bytes("x"), "image/jpeg")).rejects.toMatchObject({ code: "CONTENT_TYPE_MISMATCH" });
    await expect(storage.put("a/e.txt", bytes("x"), "text/plain")).rejects.toMatchObject({ code: "CONTENT_TYPE_MISMATCH" });
    expect(existsSync(join(dir.path, "data", "images", "a", "d.png"))).toBe(false);
  });

  it("overwrites a key and leaves no temp files behind", async () => {
    await storage.put(KEY, bytes("first"), "image/png");
    await storage.put(KEY, bytes("second"), "image/png");
    expect((await storage.get(KEY))?.bytes).toEqual(bytes("second"));
    expect(listFiles(dir.path)).toEqual([join("data", "images", KEY)]);
  });

  it("never exposes a partial write when the same key is written concurrently", async () => {
    const versions = Array.from({ length: 12 }, (_, i) => new Uint8Array(256 * 1024).fill(i + 1));
    const reads: (Uint8Array | undefined)[] = [];
    await storage.put(KEY, versions[0]!, "image/png");
    await Promise.all([
      ...versions.map((v) => storage.put(KEY, v, "image/png")),
      ...versions.map(async () => reads.push((await storage.get(KEY))?.bytes)),
    ]);
    const isWhole = (b: Uint8Array | undefined) => versions.some((v) => b !== undefined && Buffer.from(v).equals(Buffer.from(b)));
    expect(reads.every(isWhole)).toBe(true);
    expect(isWhole((await storage.get(KEY))?.bytes)).toBe(true);
    expect(listFiles(dir.path)).toEqual([join("data", "images", KEY)]);
  });

  it("returns null for missing keys and deletes idempotently", async () => {
    expect(await storage.get("missing/x.png")).toBeNull();
    await storage.put(KEY, bytes("x"), "image/png");
    // A key that runs through an existing file is missing, not an error.
    expect(await storage.get(`${KEY}/below.png`)).toBeNull();
    await storage.delete(KEY);
    await storage.delete(KEY);
    expect(await storage.get(KEY)).toBeNull();
  });

  it.each(INVALID_KEYS)("refuses the invalid key %j everywhere", async (key) => {
    await expect(storage.put(key, bytes("x"), "image/png")).rejects.toMatchObject({ code: "INVALID_OBJECT_KEY" });
    expect(() => storage.urlFor(key)).toThrow(/invalid object key/);
    expect(() => storage.localPath(key)).toThrow(/invalid object key/);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key);
    expect(existsSync(join(dir.path, "data"))).toBe(false);
  });

  it("cannot read or delete a file outside its root", async () => {
    writeFileSync(join(dir.path, "escape.png"), "outside");
    await storage.put("a/x.png", bytes("inside"), "image/png");
    for (const key of ["../../escape.png", "a/../../../escape.png"]) {
      expect(await storage.get(key)).toBeNull();
      await storage.delete(key);
    }
    expect(readFileSync(join(dir.path, "escape.png"), "utf8")).toBe("outside");
  });

  it("reads the public URL on every call, because the port is known only after listen", () => {
    expect(storage.publicUrls).toBe(false);
    publicUrl = "https://images.pixorly.example";
    expect(storage.urlFor(KEY)).toBe(`https://images.pixorly.example/images/${KEY}`);
    expect(storage.publicUrls).toBe(true);
  });
});

describe("isValidObjectKey", () => {
  it("accepts the keys the engine makes", () => {
    expect(isValidObjectKey(KEY)).toBe(true);
    expect(isValidObjectKey("img_01J/0-a_b-c.webp")).toBe(true);
  });
});

describe("isPublicUrl", () => {
  it.each([
    ["http://localhost:3000", false],
    ["http://app.localhost", false],
    ["http://127.0.0.5:80", false],
    ["http://0.0.0.0:3000", false],
    ["http://10.1.2.3", false],
    ["http://172.20.0.1", false],
    ["http://192.168.1.10:8080", false],
    ["http://169.254.169.254", false],
    ["http://[::1]:3000", false],
    ["http://[::ffff:127.0.0.1]", false],
    ["http://[fd12::1]", false],
    ["http://printer.local", false],
    ["http://pixorly:3000", false],
    ["not a url", false],
    ["http://172.32.0.1", true],
    ["http://203.0.113.7", true],
    ["http://[2606:4700::1111]", true],
    ["https://bots.pixorly.example", true],
    ["https://bots.pixorly.example.", true],
  ])("%s -> %s", (url, expected) => {
    expect(isPublicUrl(url)).toBe(expected);
  });
});
