// @vitest-environment edge-runtime
import { describe, expect, it } from "vitest";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore, SERVICE_SECRET } from "./harness.ts";

/** Long enough for several polls (every 10 ms) to see a change that should not call back. */
const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));

/** Waits (bounded) until `condition` holds; the polls run on real timers. */
async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("convex store: watchQueue", () => {
  it("is offered only with `subscribe`", () => {
    const t = makeConvex();
    expect(makeConvexStore(t).watchQueue).toBeUndefined();
    const watching = createConvexStore({ client: t as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET, subscribe: { pollIntervalMs: 10 } });
    expect(watching.watchQueue).toBeTypeOf("function");
  });

  it("calls back when work appears (submit, retry), not when it leaves (claim, cancel), until unsubscribed", async () => {
    const t = makeConvex();
    const store = createConvexStore({ client: t as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET, subscribe: { pollIntervalMs: 10 } });
    const other = new Fixture(makeConvexStore(t));
    const actor = await other.actor();
    let calls = 0;
    const unsubscribe = store.watchQueue!(() => calls++);
    await eventually(() => calls === 1); // the first value: there may be work already

    await other.submit(actor);
    await eventually(() => calls === 2);
    await other.submit(actor);
    await eventually(() => calls === 3);
    const afterSubmits = calls;

    const job = (await other.claim("worker-1"))!;
    const pending = (await other.jobs(actor.workspace.id, "pending"))[0]!;
    await other.store.jobs.cancel(pending.id, T0);
    await settle();
    expect(calls).toBe(afterSubmits);

    await other.store.jobs.fail({ jobId: job.id, workerId: "worker-1", errorCode: "X", errorMessage: "x", retryAt: T0, now: T0 });
    await eventually(() => calls === afterSubmits + 1);

    unsubscribe();
    unsubscribe();
    await other.submit(actor);
    await settle();
    expect(calls).toBe(afterSubmits + 1);
    await store.close();
  });

  it("close() ends every watcher", async () => {
    const t = makeConvex();
    const store = createConvexStore({ client: t as unknown as ConvexClientLike, serviceSecret: SERVICE_SECRET, subscribe: { pollIntervalMs: 10 } });
    const other = new Fixture(makeConvexStore(t));
    const actor = await other.actor();
    let calls = 0;
    store.watchQueue!(() => calls++);
    await eventually(() => calls === 1);
    await store.close();
    await store.close();
    const before = calls;
    await other.submit(actor);
    await settle();
    expect(calls).toBe(before);
  });

  it("reports a refused poll (wrong secret) to onError and keeps going", async () => {
    const t = makeConvex();
    const errors: Error[] = [];
    const store = createConvexStore({
      client: t as unknown as ConvexClientLike,
      serviceSecret: "wrong",
      subscribe: { pollIntervalMs: 10, onError: (error) => errors.push(error) },
    });
    const stop = store.watchQueue!(() => {});
    await eventually(() => errors.length >= 2);
    stop();
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]!.message).toMatch(/service secret/);
  });
});
