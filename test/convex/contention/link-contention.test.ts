/* eslint-disable @typescript-eslint/no-explicit-any -- recordingCtx hands back convex-test's ctx, whose type cannot be named here */
// #19 on Convex: what a shared credit pool costs in OCC conflicts, judged as contention.test.ts judges issue 18's workload.
import { beforeAll, describe, expect, it } from "vitest";
import { redeem, unlink } from "../../../convex/model/links.ts";
import { submitJob } from "../../../convex/model/submit.ts";
import { newId } from "../../../core/domain/ids.ts";
import { Fixture, NO_LIMITS, T0, unwrap, type Actor } from "../../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore } from "../harness.ts";
import { conflict, conflictReasons, type AccessSet } from "./access-sets.ts";
import { recordingCtx } from "./recording-db.ts";

describe("a shared pool on Convex adds no store-wide hot row", () => {
  const sets: Record<string, AccessSet> = {};

  beforeAll(async () => {
    const t = makeConvex();
    const store = makeConvexStore(t);
    const f = new Fixture(store);
    const slack = async (): Promise<Actor> =>
      f.member(await store.workspaces.ensure({ platform: "slack", externalId: `T-${Math.random()}`, name: "Team", plan: "PRO", now: T0 }));
    const owner = await f.actor("PRO");
    const joiner = await slack();
    const third = await f.actor("PRO");
    const otherOwner = await f.actor("PRO");
    const otherJoiner = await slack();
    unwrap(await store.links.createCode({ codeHash: "pool", workspaceId: owner.workspace.id, expiresAt: T0 + 600_000, now: T0 }));
    unwrap(await store.links.redeem({ codeHash: "pool", workspaceId: joiner.workspace.id, linkId: newId("lnk", T0), now: T0 }));
    unwrap(await store.links.createCode({ codeHash: "other", workspaceId: otherOwner.workspace.id, expiresAt: T0 + 600_000, now: T0 }));

    const record = async (label: string, body: (ctx: any) => Promise<unknown>) => {
      const set: AccessSet = { label, reads: [], writes: [] };
      await t.run((ctx) => body(recordingCtx(ctx, set)) as Promise<void>);
      sets[label] = set;
    };
    const submit = (actor: Actor) => async (ctx: any) => unwrap(await submitJob(ctx, f.newJob(actor, { now: T0 + 1 }), NO_LIMITS));
    await record("joiner submit", submit(joiner));
    await record("owner submit", submit(owner));
    await record("third submit", submit(third));
    await record("other link", (ctx) => redeem(ctx, { codeHash: "other", workspaceId: otherJoiner.workspace.id, linkId: newId("lnk", T0 + 2), now: T0 + 2 }));
    await record("other unlink", (ctx) => unlink(ctx, { workspaceId: otherOwner.workspace.id, now: T0 + 3 }));
  });

  it("a joiner's submit conflicts with its pool owner's (one shared balance row), through the owner's workspace row only", () => {
    expect(conflict(sets["joiner submit"]!, sets["owner submit"]!)).toBe(true);
    // The owner's row, read by its app id and by its document id; not the link, not any queue.
    expect(conflictReasons(sets["joiner submit"]!, sets["owner submit"]!).sort()).toEqual(["workspaces.by_app_id", "workspaces.by_id"]);
  });

  it("a workspace outside the pool never conflicts with the pool's submits", () => {
    expect(conflict(sets["third submit"]!, sets["joiner submit"]!)).toBe(false);
    expect(conflict(sets["third submit"]!, sets["owner submit"]!)).toBe(false);
  });

  it("linking and unlinking two other workspaces conflicts with no submit elsewhere", () => {
    for (const change of ["other link", "other unlink"]) {
      for (const submit of ["joiner submit", "owner submit", "third submit"]) expect(conflict(sets[change]!, sets[submit]!), `${change} / ${submit}`).toBe(false);
    }
  });
});
