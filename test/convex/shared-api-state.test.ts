import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test } from "vitest";
import { createWebhookNotifier } from "../../bots/api/webhook-notifier.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { TestClock } from "../support/test-clock.ts";
import { makeConvex, makeConvexStore } from "./harness.ts";

// Issue 18: REST rate limits and webhook retries live in the Convex deployment, so replicas
// share them and a restart forgets nothing. Each makeConvexStore(t) below is another process.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function receiver() {
  const received: { eventId: string | string[] | undefined; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ eventId: req.headers["pixorly-event-id"], body });
      res.writeHead(204).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { host, url: `http://${host}/hooks`, received };
}

test("replicas spend from one bucket per API key, and a restarted process finds it as it was", async () => {
  const t = makeConvex();
  const [one, two] = [makeConvexStore(t), makeConvexStore(t)];
  expect(await one.rateLimits!.take("key_1", 3, T0)).toEqual({ ok: true });
  expect(await two.rateLimits!.take("key_1", 3, T0)).toEqual({ ok: true });
  expect(await one.rateLimits!.take("key_1", 3, T0)).toEqual({ ok: true });
  expect(await two.rateLimits!.take("key_1", 3, T0)).toEqual({ ok: false, retryAfterMs: 20_000 });
  const restarted = makeConvexStore(t);
  expect(await restarted.rateLimits!.take("key_1", 3, T0 + 1_000)).toMatchObject({ ok: false });
  expect(await restarted.rateLimits!.take("key_2", 3, T0 + 1_000)).toEqual({ ok: true });
});

test("a webhook retry whose process stopped is finished by another replica once its lease lapses", async () => {
  const t = makeConvex();
  const gone = makeConvexStore(t);
  const f = new Fixture(gone);
  const actor = await f.actor();
  const key = await gone.apiKeys.create({
    id: "key_1",
    workspaceId: actor.workspace.id,
    userId: actor.user.id,
    name: "ci",
    prefix: "pxk_live_abcd",
    keyHash: "a".repeat(64),
    scopes: ["generate"],
    rateLimitPerMinute: 60,
    createdAt: T0,
  });
  const hook = await receiver();
  // The first process opened the delivery, failed an attempt, recorded a retry, and stopped.
  const delivery = { eventId: "job_1.completed", jobId: "job_1", workspaceId: actor.workspace.id, keyId: key.id, url: hook.url, body: '{"id":"job_1.completed"}' };
  const leaseMs = 10_000;
  await gone.webhookOutbox!.open(delivery, "process-gone", T0, leaseMs);
  await gone.webhookOutbox!.settle(delivery.eventId, "process-gone", { kind: "retry", at: T0 + 2_000, error: "answered HTTP 503" }, T0, leaseMs);

  const clock = new TestClock(T0 + 2_000);
  const other = createWebhookNotifier({
    store: makeConvexStore(t),
    storage: undefined as never, // resuming sends the stored body; storage is only for new events
    logger: createLogger({ level: "silent", format: "json" }),
    clock,
    serverKey: null,
    allowHosts: [hook.host],
    timeoutMs: 5_000,
    processId: "process-other",
  });
  // Due, but the stopped process's lease still stands: nobody else may send yet.
  expect(await other.resumeDue()).toBe(0);
  clock.set(T0 + 2_000 + leaseMs);
  expect(await other.resumeDue()).toBe(1);
  expect(hook.received).toEqual([{ eventId: "job_1.completed", body: delivery.body }]);
  expect(await gone.webhookOutbox!.get(delivery.eventId)).toMatchObject({ state: "delivered", attempts: 2, leaseOwner: null });
  expect(await other.resumeDue()).toBe(0);
});
