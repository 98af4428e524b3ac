import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generationAccepted, generationBody } from "../../bots/api/api-schemas.ts";
import { apiHarness, errorCode, type ApiHarness } from "./api-harness.ts";

describe("REST API: generations", () => {
  let h: ApiHarness;
  let key: string;
  beforeEach(async () => {
    h = await apiHarness();
    key = (await h.createKey()).rawKey;
  });
  afterEach(() => h.cleanup());

  const balance = async () => (await h.engine.resolve(h.admin)).workspace.balance;
  const charges = async () => (await h.store.credits.list((await h.engine.resolve(h.admin)).workspace.id, 100)).filter((e) => e.kind === "charge");

  it("queues a generation (202), shows it while queued and, once done, with image URLs this server serves", async () => {
    const before = await balance();
    const created = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "a lighthouse at dusk", count: 2, aspectRatio: "16:9", seed: 7 } });
    expect(created.status).toBe(202);
    const accepted = generationAccepted.parse(created.json);
    expect(accepted).toMatchObject({ status: "pending", position: 1, price: 2 });
    expect(await balance()).toBe(before - 2);

    const queued = await h.call("GET", `/api/v1/generations/${accepted.id}`, { key });
    expect(queued.status).toBe(200);
    expect(generationBody.parse(queued.json)).toMatchObject({
      id: accepted.id,
      status: "pending",
      prompt: "a lighthouse at dusk",
      aspectRatio: "16:9",
      seed: 7,
      count: 2,
      position: 1,
      images: [],
      error: null,
      webhookUrl: null,
    });

    h.engine.start();
    await h.settled(accepted.id);
    const done = generationBody.parse((await h.call("GET", `/api/v1/generations/${accepted.id}`, { key })).json);
    expect(done).toMatchObject({ status: "completed", price: 2, refunded: 0, position: null, error: null });
    expect(done.images.map((i) => i.index)).toEqual([0, 1]);
    const image = await fetch(`${h.origin}${new URL(done.images[0]!.url).pathname}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  });

  it("charges once for a retried request with the same Idempotency-Key, and answers with the first job", async () => {
    const before = await balance();
    const headers = { "idempotency-key": "order-42" };
    const first = await h.call("POST", "/api/v1/generations", { key, headers, body: { prompt: "a red fox", count: 2 } });
    // The same request, spelled differently: key order and whitespace do not matter.
    const retry = await h.call("POST", "/api/v1/generations", { key, headers, rawBody: '{ "count": 2,  "prompt": "a red fox " }' });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.json).toEqual(first.json);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await balance()).toBe(before - 2);
    expect(await charges()).toHaveLength(1);
  });

  it("answers 409 when an Idempotency-Key comes back with a different request, and scopes keys per API key", async () => {
    const headers = { "idempotency-key": "order-43" };
    const first = await h.call("POST", "/api/v1/generations", { key, headers, body: { prompt: "a red fox" } });
    for (const body of [{ prompt: "a blue fox" }, { prompt: "a red fox", count: 2 }, { prompt: "a red fox", private: true }, { prompt: "a red fox", aspectRatio: "3:2" }]) {
      const conflict = await h.call("POST", "/api/v1/generations", { key, headers, body });
      expect(conflict.status, JSON.stringify(body)).toBe(409);
      expect(errorCode(conflict)).toBe("IDEMPOTENCY_CONFLICT");
    }
    const otherKey = (await h.createKey("generate")).rawKey;
    const other = await h.call("POST", "/api/v1/generations", { key: otherKey, headers, body: { prompt: "a blue fox" } });
    expect(other.status).toBe(202);
    expect((other.json as { id: string }).id).not.toBe((first.json as { id: string }).id);
    expect(await charges()).toHaveLength(2);
  });

  it("validates the body with /imagine's rules and says what is wrong (400), charging nothing", async () => {
    const before = await balance();
    const cases: [unknown, string, RegExp][] = [
      [{}, "INVALID_REQUEST", /"prompt" is required/],
      [{ prompt: "fox", count: "2" }, "INVALID_REQUEST", /"count" must be a number/],
      [{ prompt: "fox", aspect_ratio: "1:1" }, "INVALID_REQUEST", /unknown field "aspect_ratio"/],
      [[{ prompt: "fox" }], "INVALID_REQUEST", /the body must be a JSON object/],
      [{ prompt: "   " }, "INVALID_PROMPT", /empty/],
      [{ prompt: "fox", count: 5 }, "TOO_MANY_IMAGES", /1 to 4/],
      [{ prompt: "fox", model: "dall-e-9" }, "UNKNOWN_MODEL", /Unknown model "dall-e-9"/],
      [{ prompt: "fox", aspectRatio: "5:4" }, "UNSUPPORTED_ASPECT", /Unknown aspect ratio/],
      [{ prompt: "fox", seed: -1 }, "INVALID_REQUEST", /seed/],
      [{ prompt: "fox", webhookUrl: "http://hooks.example.com/x" }, "INVALID_REQUEST", /must use https/],
      [{ prompt: "fox", webhookUrl: "https://10.0.0.5/hook" }, "INVALID_REQUEST", /public address/],
      [{ prompt: "fox", webhookUrl: "https://localhost/hook" }, "INVALID_REQUEST", /public address/],
    ];
    for (const [body, code, message] of cases) {
      const response = await h.call("POST", "/api/v1/generations", { key, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(response), JSON.stringify(body)).toBe(code);
      expect((response.json as { error: { message: string } }).error.message).toMatch(message);
    }
    const notJson = await h.call("POST", "/api/v1/generations", { key, rawBody: "{prompt: fox" });
    expect([notJson.status, errorCode(notJson)]).toEqual([400, "INVALID_JSON"]);
    const badHeader = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "fox" }, headers: { "idempotency-key": "x".repeat(256) } });
    expect([badHeader.status, errorCode(badHeader)]).toEqual([400, "INVALID_REQUEST"]);
    expect(await balance()).toBe(before);
  });

  it("answers 402 when the workspace cannot pay, and charges nothing", async () => {
    // The FREE plan starts with 10 credits; the local model costs 1 per image.
    for (let i = 0; i < 2; i++) expect((await h.call("POST", "/api/v1/generations", { key, body: { prompt: `fox ${i}`, count: 4 } })).status).toBe(202);
    const poor = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "one fox too many", count: 4 } });
    expect(poor.status).toBe(402);
    expect(errorCode(poor)).toBe("INSUFFICIENT_CREDITS");
    expect(await balance()).toBe(2);
  });

  it("answers 429 with Retry-After up to UTC midnight when the member's daily cap would be passed", async () => {
    const updated = await h.engine.updateSettings(h.admin, { memberDailyCap: 3 });
    expect(updated.ok).toBe(true);
    expect((await h.call("POST", "/api/v1/generations", { key, body: { prompt: "two foxes", count: 2 } })).status).toBe(202);
    const capped = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "two more", count: 2 } });
    expect([capped.status, errorCode(capped)]).toEqual([429, "DAILY_CAP"]);
    // The harness clock stands at 12:00 UTC.
    expect(capped.headers.get("retry-after")).toBe(String(12 * 3600));
  });

  it("cancels a queued generation with a full refund, then answers 409; unknown ids and other workspaces' jobs are 404", async () => {
    const before = await balance();
    const { id } = (await h.call("POST", "/api/v1/generations", { key, body: { prompt: "a fox", count: 3 } })).json as { id: string };
    expect(await balance()).toBe(before - 3);

    const cancelled = await h.call("DELETE", `/api/v1/generations/${id}`, { key });
    expect(cancelled.status).toBe(200);
    expect(generationBody.parse(cancelled.json)).toMatchObject({ id, status: "cancelled", price: 3, refunded: 3 });
    expect(await balance()).toBe(before);

    const again = await h.call("DELETE", `/api/v1/generations/${id}`, { key });
    expect([again.status, errorCode(again)]).toEqual([409, "NOT_CANCELLABLE"]);
    for (const method of ["GET", "DELETE"]) {
      const missing = await h.call(method, "/api/v1/generations/job_01JNOTAREALJOB0000000000000", { key });
      expect([missing.status, errorCode(missing)]).toEqual([404, "NOT_FOUND"]);
    }
    const elsewhere = await h.engine.submit({
      actor: h.actor("u9", "w2"),
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt: "another workspace's fox" },
    });
    if (!elsewhere.ok) throw new Error(elsewhere.error.message);
    const foreign = await h.call("GET", `/api/v1/generations/${elsewhere.value.job.id}`, { key });
    expect(foreign.status).toBe(404);
  });

  it("acts as the key's creator: a creator who is no longer an admin cannot see or cancel others' private jobs", async () => {
    const creator = h.actor("creator", "w1", true);
    const creatorKey = (await h.createKey("generate,read,delete", creator)).rawKey;
    const resolved = await h.engine.resolve(creator);
    await h.store.workspaces.updateMember(resolved.member.id, { role: "member" });
    const mine = await h.call("POST", "/api/v1/generations", { key: creatorKey, body: { prompt: "my fox", private: true } });
    const theirs = await h.engine.submit({
      actor: h.actor("colleague"),
      source: "discord",
      idempotencyKey: null,
      channelKey: null,
      replyTarget: null,
      request: { prompt: "their private fox", private: true },
    });
    if (!theirs.ok) throw new Error(theirs.error.message);

    expect((await h.call("GET", `/api/v1/generations/${(mine.json as { id: string }).id}`, { key: creatorKey })).status).toBe(200);
    const hidden = await h.call("GET", `/api/v1/generations/${theirs.value.job.id}`, { key: creatorKey });
    expect([hidden.status, errorCode(hidden)]).toEqual([403, "FORBIDDEN"]);
    const cancel = await h.call("DELETE", `/api/v1/generations/${theirs.value.job.id}`, { key: creatorKey });
    expect([cancel.status, errorCode(cancel)]).toEqual([403, "FORBIDDEN"]);
    // The admin's key still sees it.
    expect((await h.call("GET", `/api/v1/generations/${theirs.value.job.id}`, { key })).status).toBe(200);
  });
});
