// @vitest-environment edge-runtime
import { expect, test } from "vitest";
import { Delivery } from "../../core/engine/delivery.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import type { Notifier } from "../../core/ports/notifier.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { countingConvex, SERVICE_SECRET } from "./harness.ts";

test("results delivered together are marked delivered in one Convex call, not one per job", async () => {
  const { client, calls } = countingConvex();
  const store = createConvexStore({ client, serviceSecret: SERVICE_SECRET });
  const f = new Fixture(store);
  const actor = await f.actor();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const job = await f.running(actor, "worker-1", { replyTarget: { platform: "test" } });
    await f.complete(job, f.images(1), "worker-1", T0 + i);
    ids.push(job.id);
  }
  const delivery = new Delivery(store, createLogger({ level: "silent", format: "json" }), () => false, () => T0 + 100);
  const notifier: Notifier = { platform: "test", deliver: async () => {} };
  delivery.register(notifier);
  calls.length = 0;

  await Promise.all(ids.map((id) => delivery.deliver(id)));
  await delivery.idle();

  expect(calls.filter((c) => c === "outbox:markDelivered")).toEqual(["outbox:markDelivered"]);
  for (const id of ids) expect(await store.outbox.get(id)).toMatchObject({ deliveredAt: T0 + 100 });
});
