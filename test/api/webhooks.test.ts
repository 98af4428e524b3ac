import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webhookEvent } from "../../bots/api/api-schemas.ts";
import { ProviderError } from "../../core/ports/image-provider.ts";
import { apiHarness, type ApiHarness } from "./api-harness.ts";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that answers with the next scripted status (the last repeats). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(statuses.length > 1 ? statuses.shift()! : statuses[0]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: `http://${host}/hooks/pixorly`,
    received,
    /** From now on, always answer `status`. */
    answer: (status: number) => statuses.splice(0, statuses.length, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What a client does with a delivery, as the README shows it. */
function verify(secret: string, header: string, body: string): { timestamp: number } | null {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) ? { timestamp: Number(parts.t) } : null;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("REST API: webhooks", () => {
  let h: ApiHarness;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let key: string;
  let secret: string;

  beforeEach(async () => {
    hook = await receiver([500, 200]);
    h = await apiHarness({ webhookAllowHosts: [hook.host], webhookServerKey: "test-server-key" });
    key = (await h.createKey()).rawKey;
    secret = ((await h.call("GET", "/api/v1/webhook-secret", { key })).json as { secret: string }).secret;
  });
  afterEach(async () => {
    await h.cleanup();
    await hook.close();
  });

  it("POSTs the finished generation once it completes, signed, and retries after a 500", async () => {
    const created = await h.call("POST", "/api/v1/generations", { key, body: { prompt: "a fox", count: 2, webhookUrl: hook.url } });
    const { id } = created.json as { id: string };
    h.engine.start();
    await h.settled(id);
    await until(() => hook.received.length === 2, "the retried delivery");
    await h.engine.delivery.idle();

    // Nothing was sent for the queued and running states; the 500 was retried with the same event.
    expect(hook.received).toHaveLength(2);
    for (const delivery of hook.received) {
      const signed = verify(secret, String(delivery.headers["pixorly-signature"]), delivery.body);
      expect(signed).toEqual({ timestamp: Math.floor(h.clock.now() / 1000) });
      expect(verify("whsec_wrong", String(delivery.headers["pixorly-signature"]), delivery.body)).toBeNull();
      expect(delivery.headers["pixorly-event-id"]).toBe(`${id}.completed`);
      const event = webhookEvent.parse(JSON.parse(delivery.body));
      expect(event).toMatchObject({ id: `${id}.completed`, type: "generation.completed", generation: { id, status: "completed", webhookUrl: hook.url } });
      expect(event.generation.images).toHaveLength(2);
    }
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    const shown = await h.call("GET", `/api/v1/generations/${id}`, { key });
    expect((shown.json as { webhookUrl: string }).webhookUrl).toBe(hook.url);
  });

  it("reports a cancellation, and an Idempotency-Key retry with another webhookUrl conflicts", async () => {
    const headers = { "idempotency-key": "hooked" };
    const { id } = (await h.call("POST", "/api/v1/generations", { key, headers, body: { prompt: "a fox", webhookUrl: hook.url } })).json as { id: string };
    const moved = await h.call("POST", "/api/v1/generations", { key, headers, body: { prompt: "a fox", webhookUrl: `${hook.url}/elsewhere` } });
    expect(moved.status).toBe(409);

    expect((await h.call("DELETE", `/api/v1/generations/${id}`, { key })).status).toBe(200);
    await until(() => hook.received.length === 2, "the cancellation webhook");
    expect(webhookEvent.parse(JSON.parse(hook.received[1]!.body))).toMatchObject({ type: "generation.cancelled", generation: { id, refunded: 1 } });
  });

  it("reports a failure with its error, and gives up at once on an answer that will not change (4xx)", async () => {
    h.provider().script({ error: new ProviderError("CONTENT_POLICY", "refused", { retryable: false, userMessage: "The provider refused this prompt." }) });
    const { id } = (await h.call("POST", "/api/v1/generations", { key, body: { prompt: "a fox", webhookUrl: hook.url } })).json as { id: string };
    hook.answer(410);
    h.engine.start();
    await h.settled(id);
    await until(() => hook.received.length === 1, "the failure webhook");
    await h.engine.delivery.idle();

    expect(hook.received).toHaveLength(1);
    expect(webhookEvent.parse(JSON.parse(hook.received[0]!.body))).toMatchObject({
      type: "generation.failed",
      generation: { id, status: "failed", refunded: 1, error: { code: "CONTENT_POLICY", message: "The provider refused this prompt." } },
    });
  });

  it("derives each key's secret from its hash and the server key", async () => {
    const other = (await h.createKey()).rawKey;
    const otherSecret = ((await h.call("GET", "/api/v1/webhook-secret", { key: other })).json as { secret: string }).secret;
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(otherSecret).not.toBe(secret);
    expect(((await h.call("GET", "/api/v1/webhook-secret", { key })).json as { secret: string }).secret).toBe(secret);
  });
});
