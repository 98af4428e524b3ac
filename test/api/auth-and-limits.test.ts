import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_MAX_BODY_BYTES } from "../../bots/api/mount-api.ts";
import { revokeApiKey } from "../../core/engine/api-keys.ts";
import { utcDay } from "../../core/domain/usage.ts";
import { apiHarness, errorCode, type ApiHarness } from "./api-harness.ts";

describe("REST API: keys, scopes, limits and counting", () => {
  let h: ApiHarness;
  beforeEach(async () => {
    h = await apiHarness();
  });
  afterEach(() => h.cleanup());

  it("answers 401 without a key, with a malformed or unknown one, and with a revoked one", async () => {
    const { rawKey, key } = await h.createKey();
    const wrongSecret = rawKey.slice(0, -1) + (rawKey.endsWith("0") ? "1" : "0");
    const attempts: Record<string, Record<string, string>> = {
      missing: {},
      "not bearer": { authorization: `Basic ${rawKey}` },
      malformed: { authorization: "Bearer pxl_nope" },
      "wrong secret": { authorization: `Bearer ${wrongSecret}` },
    };
    for (const [label, headers] of Object.entries(attempts)) {
      const response = await h.call("GET", "/api/v1/images", { headers });
      expect([response.status, errorCode(response)], label).toEqual([401, "UNAUTHORIZED"]);
      expect(response.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
    }
    expect((await h.call("GET", "/api/v1/images", { key: rawKey })).status).toBe(200);

    const revoked = await revokeApiKey(h.engine, h.admin, key.prefix);
    expect(revoked.ok).toBe(true);
    const after = await h.call("GET", "/api/v1/images", { key: rawKey });
    expect([after.status, errorCode(after)]).toEqual([401, "UNAUTHORIZED"]);
  });

  it("answers 403 when the key lacks the route's scope", async () => {
    const readOnly = (await h.createKey("read")).rawKey;
    const generateOnly = (await h.createKey("generate")).rawKey;
    const denied: [string, string, string, unknown?][] = [
      [readOnly, "POST", "/api/v1/generations", { prompt: "fox" }],
      [readOnly, "DELETE", "/api/v1/generations/job_01JNOTAREALJOB0000000000000"],
      [readOnly, "POST", "/api/v1/collections/col_x/images", { imageIds: [] }],
      [generateOnly, "GET", "/api/v1/images"],
      [generateOnly, "GET", "/api/v1/usage"],
    ];
    for (const [key, method, path, body] of denied) {
      const response = await h.call(method, path, { key, body });
      expect([response.status, errorCode(response)], `${method} ${path}`).toEqual([403, "INSUFFICIENT_SCOPE"]);
    }
    expect((await h.call("POST", "/api/v1/generations", { key: generateOnly, body: { prompt: "fox" } })).status).toBe(202);
  });

  it("answers 429 with Retry-After once a key's bucket is empty, per key, until it refills", async () => {
    const { rawKey, key } = await h.createKey("read");
    const other = (await h.createKey("read")).rawKey;
    for (let i = 0; i < key.rateLimitPerMinute; i++) {
      expect((await h.call("GET", "/api/v1/collections", { key: rawKey })).status, `request ${i + 1}`).toBe(200);
    }
    const limited = await h.call("GET", "/api/v1/collections", { key: rawKey });
    expect([limited.status, errorCode(limited)]).toEqual([429, "RATE_LIMITED"]);
    // One token comes back every 60 s / 60 = 1 s.
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await h.call("GET", "/api/v1/collections", { key: other })).status).toBe(200);

    h.clock.advance(999);
    expect((await h.call("GET", "/api/v1/collections", { key: rawKey })).status).toBe(429);
    h.clock.advance(1);
    expect((await h.call("GET", "/api/v1/collections", { key: rawKey })).status).toBe(200);
  });

  it("answers 413 for a body over the API's limit, and JSON 404/405 for unknown routes and methods", async () => {
    const { rawKey } = await h.createKey();
    const huge = await h.call("POST", "/api/v1/generations", { key: rawKey, body: { prompt: "x".repeat(API_MAX_BODY_BYTES) } });
    expect([huge.status, errorCode(huge)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);

    for (const path of ["/api/v1/nothing", "/api/v1/generations/", "/api/v1/generations/a%2Fb", "/api/v1"]) {
      const response = await h.call("GET", path, { key: rawKey });
      expect([response.status, errorCode(response)], path).toEqual([404, "NOT_FOUND"]);
    }
    const wrongMethod = await h.call("PUT", "/api/v1/generations", { key: rawKey });
    expect([wrongMethod.status, errorCode(wrongMethod), wrongMethod.headers.get("allow")]).toEqual([405, "METHOD_NOT_ALLOWED", "POST"]);
  });

  it("counts every admitted request on the key and in the creator's usage row, and only those", async () => {
    const { rawKey, key } = await h.createKey();
    await h.call("GET", "/api/v1/images", { headers: { authorization: "Bearer pxl_nope" } });
    await h.call("GET", "/api/v1/images", { key: rawKey });
    await h.call("POST", "/api/v1/generations", { key: rawKey, body: { prompt: "fox" } });
    await h.call("POST", "/api/v1/generations", { key: rawKey, body: { count: 1 } });
    const usage = await h.call("GET", "/api/v1/usage", { key: rawKey });

    const [listed] = await h.store.apiKeys.list(key.workspaceId);
    expect(listed).toMatchObject({ id: key.id, requestCount: 4, lastUsedAt: h.clock.now() });
    const rows = await h.store.usage.list({ workspaceId: key.workspaceId, userId: key.userId, fromDate: utcDay(h.clock.now()), toDate: utcDay(h.clock.now()) });
    expect(rows).toMatchObject([{ apiRequests: 4, requested: 1 }]);
    // The request is counted before it is served, so the usage it reads includes it.
    expect(usage.json).toMatchObject({ days: [{ date: utcDay(h.clock.now()), apiRequests: 4, requested: 1 }] });
  });
});
