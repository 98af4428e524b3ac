import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHttpServer, type HttpServer } from "../../bots/http/create-http-server.ts";
import { readRawBody } from "../../bots/http/read-raw-body.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { tempDir } from "../support/temp-dir.ts";

const KEY = "ws_01JTEST/job_01JTEST/0-abc.png";
const IMAGE = new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
const ECHO_LIMIT = 16;
const SERVER_LIMIT = 1024;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * node:http rather than fetch: fetch resolves "..", "%2e%2e" and friends before sending, and
 * the point is to send them as written. Chunks are written without a Content-Length.
 */
function rawRequest(port: number, path: string, options: { method?: string; chunks?: string[] } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, method: options.method ?? "GET", agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** A JSON logger at debug level whose lines the tests can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: "debug", format: "json", destination }), lines };
}

describe("http server", () => {
  const dir = tempDir();
  const { logger, lines } = capturingLogger();
  const storageCalls: string[] = [];
  let healthy: boolean | Error = true;
  let guardedHandlerRan = false;
  let server: HttpServer;
  let base: string;
  let port: number;

  beforeAll(async () => {
    const disk = createLocalDiskStorage({ dataDir: join(dir.path, "data"), publicUrl: () => base });
    // Records every key the server asks storage for, to prove refused paths never reach it.
    const storage: ObjectStorage = {
      ...disk,
      get: (key) => {
        storageCalls.push(key);
        return disk.get(key);
      },
    };
    server = createHttpServer({
      logger,
      storage,
      maxBodyBytes: SERVER_LIMIT,
      healthCheck: () => {
        if (healthy instanceof Error) throw healthy;
        return { status: healthy ? "ok" : "unavailable", checks: { store: healthy ? "ok" : "failing" } };
      },
    });
    server.mount("POST", "/echo", async (req, res) => {
      const body = await readRawBody(req, ECHO_LIMIT);
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(body);
    });
    server.mount("POST", "/guarded", (_req, res) => {
      guardedHandlerRan = true;
      res.end();
    });
    server.mount("GET", "/boom", () => {
      throw new Error("database password is hunter2");
    });
    ({ port } = await server.listen(0, "127.0.0.1"));
    base = `http://127.0.0.1:${port}`;
    await disk.put(KEY, IMAGE, "image/png");
    // Files next to and above the images root, which no request may reach.
    writeFileSync(join(dir.path, "data", "secret.png"), "secret");
    writeFileSync(join(dir.path, "secret.png"), "secret");
  });

  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  beforeEach(() => {
    storageCalls.length = 0;
    lines.length = 0;
    healthy = true;
  });

  describe("GET /images/<key>", () => {
    it("serves the stored bytes with immutable caching headers", async () => {
      const res = await fetch(`${base}/images/${KEY}`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(IMAGE))).toBe(true);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(res.headers.get("content-length")).toBe(String(IMAGE.byteLength));
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    });

    it("answers 304 without a body when the ETag matches", async () => {
      const etag = (await fetch(`${base}/images/${KEY}`)).headers.get("etag")!;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
        const res = await fetch(`${base}/images/${KEY}`, { headers: { "if-none-match": ifNoneMatch } });
        expect(res.status).toBe(304);
        expect(res.headers.get("etag")).toBe(etag);
        expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        expect((await res.arrayBuffer()).byteLength).toBe(0);
      }
      const changed = await fetch(`${base}/images/${KEY}`, { headers: { "if-none-match": '"something-else"' } });
      expect(changed.status).toBe(200);
    });

    it("answers HEAD with the headers and no body", async () => {
      const res = await rawRequest(port, `/images/${KEY}`, { method: "HEAD" });
      expect(res.status).toBe(200);
      expect(res.headers["content-length"]).toBe(String(IMAGE.byteLength));
      expect(res.headers["content-type"]).toBe("image/png");
      expect(res.body.byteLength).toBe(0);
    });

    it("answers 404 for a valid key that has no object", async () => {
      const res = await fetch(`${base}/images/ws_01JTEST/missing.png`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "not found" } });
      expect(storageCalls).toEqual(["ws_01JTEST/missing.png"]);
    });

    it.each([
      "/images/../secret.png",
      "/images/../../secret.png",
      "/images/%2e%2e/secret.png",
      "/images/%2E%2E/%2E%2E/secret.png",
      "/images/.%2e/secret.png",
      "/images/..%2fsecret.png",
      "/images/..%2Fsecret.png",
      "/images/ws_01JTEST%2f..%2f..%2fsecret.png",
      "/images/..%5csecret.png",
      "/images/..\\secret.png",
      "/images/%252e%252e/secret.png",
      "/images//secret.png",
      "/images/./secret.png",
      "/images/",
      "/images",
    ])("refuses %s with 404 before asking storage", async (path) => {
      const res = await rawRequest(port, path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toEqual({ error: { code: "NOT_FOUND", message: "not found" } });
      expect(storageCalls).toEqual([]);
    });

    it("answers 405 for other methods", async () => {
      const res = await fetch(`${base}/images/${KEY}`, { method: "DELETE" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD");
    });
  });

  describe("GET /healthz", () => {
    it("answers 200 while the health check passes", async () => {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", checks: { store: "ok" } });
    });

    it.each([false, new Error("store unreachable")])("answers 503 when the health check gives %s", async (result) => {
      healthy = result;
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: "unavailable" });
    });

    it("answers HEAD like GET and 405 for POST", async () => {
      expect((await rawRequest(port, "/healthz", { method: "HEAD" })).status).toBe(200);
      const post = await fetch(`${base}/healthz`, { method: "POST" });
      expect(post.status).toBe(405);
      expect(post.headers.get("allow")).toBe("GET, HEAD");
    });
  });

  describe("request bodies", () => {
    it("hands a mounted route the exact bytes sent", async () => {
      const body = new Uint8Array([0, 255, 10, 13, 0xc3, 0x28]);
      const res = await fetch(`${base}/echo`, { method: "POST", body });
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(body);
    });

    it("answers 413 when readRawBody is given a declared length over its limit", async () => {
      const res = await fetch(`${base}/echo`, { method: "POST", body: "x".repeat(ECHO_LIMIT + 1) });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    });

    it("answers 413 when a chunked body grows over the limit", async () => {
      const res = await rawRequest(port, "/echo", { method: "POST", chunks: ["0123456789", "0123456789"] });
      expect(res.status).toBe(413);
      const within = await rawRequest(port, "/echo", { method: "POST", chunks: ["01234567", "89abcdef"] });
      expect(within.body.toString()).toBe("0123456789abcdef");
    });

    it("answers 413 before the handler runs when the length exceeds maxBodyBytes", async () => {
      const res = await fetch(`${base}/guarded`, { method: "POST", body: "x".repeat(SERVER_LIMIT + 1) });
      expect(res.status).toBe(413);
      expect(guardedHandlerRan).toBe(false);
      expect(server.maxBodyBytes).toBe(SERVER_LIMIT);
    });
  });

  describe("errors and logging", () => {
    it("answers unknown routes with 404 JSON", async () => {
      const res = await fetch(`${base}/nope`);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "not found" } });
    });

    it("answers a throwing handler with a bare 500 and logs the error", async () => {
      const res = await fetch(`${base}/boom`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "internal error" } });
      expect(text).not.toContain("hunter2");
      expect(lines).toContainEqual(expect.objectContaining({ level: 50, msg: "request handler failed", path: "/boom" }));
    });

    it("logs one debug line per request without query string or headers", async () => {
      await fetch(`${base}/healthz?token=querysecret`, { headers: { authorization: "Bearer headersecret" } });
      await fetch(`${base}/images/${KEY}?sig=querysecret`);
      await new Promise((resolve) => setImmediate(resolve));
      const requests = lines.filter((l) => l.msg === "request");
      expect(requests).toEqual([
        expect.objectContaining({ level: 20, component: "http", method: "GET", path: "/healthz", status: 200, ms: expect.any(Number) }),
        // Below a prefix mount the path can hold a capability, so only the mount is logged.
        expect.objectContaining({ method: "GET", path: "/images/*", status: 200 }),
      ]);
      const logged = JSON.stringify(lines);
      expect(logged).not.toContain("querysecret");
      expect(logged).not.toContain("headersecret");
      expect(logged).not.toContain(KEY);
    });
  });
});

describe("http server close", () => {
  it("lets an in-flight keep-alive request finish, then closes promptly", async () => {
    const dir = tempDir();
    const server = createHttpServer({
      logger: createLogger({ level: "silent", format: "json" }),
      storage: createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://127.0.0.1" }),
      closeGraceMs: 10_000,
    });
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    server.mount("GET", "/slow", (_req, res) => {
      arrived();
      setTimeout(() => res.end("finished"), 200);
    });
    const { port } = await server.listen(0, "127.0.0.1");

    // fetch keeps connections alive by default, which is what close() has to deal with.
    const response = fetch(`http://127.0.0.1:${port}/slow`);
    await requestArrived;
    const started = Date.now();
    await server.close();
    const elapsed = Date.now() - started;

    const res = await response;
    expect(await res.text()).toBe("finished");
    expect(res.headers.get("connection")).toBe("close");
    expect(elapsed).toBeLessThan(2_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    dir.remove();
  });

  it("cuts connections still busy when the grace period ends", async () => {
    const dir = tempDir();
    const server = createHttpServer({
      logger: createLogger({ level: "silent", format: "json" }),
      storage: createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://127.0.0.1" }),
      closeGraceMs: 100,
    });
    server.mount("GET", "/never", () => undefined);
    const { port } = await server.listen(0, "127.0.0.1");
    const response = rawRequest(port, "/never");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    await expect(response).rejects.toThrow();
    dir.remove();
  });
});
