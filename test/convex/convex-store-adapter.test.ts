// @vitest-environment edge-runtime
import { ConvexHttpClient } from "convex/browser";
import { expect, test } from "vitest";
import { CodedError } from "../../core/domain/errors.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { ActorCache } from "../../core/engine/actor-cache.ts";
import { resolveActor } from "../../core/engine/resolve-actor.ts";
import { createConvexStore } from "../../core/stores/convex/create-convex-store.ts";
import type { ConvexClientLike } from "../../core/stores/convex/convex-caller.ts";
import { Fixture, T0 } from "../contract/store/fixtures.ts";
import { countingConvex, SERVICE_SECRET } from "./harness.ts";

/** A convex-test deployment behind a client that records every call the adapter makes. */
function countingStore(secret = SERVICE_SECRET) {
  const { client, calls } = countingConvex();
  return { store: createConvexStore({ client, serviceSecret: secret }), calls };
}

test("ConvexHttpClient is a client the store takes, with no cast", () => {
  const client: ConvexClientLike = new ConvexHttpClient("https://example-123.convex.cloud");
  expect(createConvexStore({ client, serviceSecret: SERVICE_SECRET }).jobs).toBeDefined();
});

test("a job costs four Convex calls from submit to completion, plus one per heartbeat", async () => {
  const { store, calls } = countingStore();
  const fx = new Fixture(store);
  const actor = await fx.actor();
  calls.length = 0;

  const job = await fx.submit(actor);
  await store.jobs.setReplyTarget(job.id, { platform: "discord", messageId: "m1" });
  const claimed = await fx.claim("worker-1");
  await store.jobs.heartbeat(claimed!.id, "worker-1", T0 + 60_000);
  await fx.complete(claimed!, fx.images(1));

  expect(calls).toEqual(["jobs:submit", "jobs:setReplyTarget", "jobs:claim", "jobs:heartbeat", "jobs:complete"]);
  expect((await store.jobs.get(job.id))?.replyTarget).toEqual({ platform: "discord", messageId: "m1" });
});

test("a known member's next request costs one Convex query to resolve, not the two mutations that find the workspace and member", async () => {
  const { store, calls } = countingStore();
  const cache = new ActorCache();
  const options = { defaultPlan: "FREE" as const, adminUserIds: [] };
  const actor: Actor = { platform: "discord", workspaceExternalId: "g1", workspaceName: "Guild", userExternalId: "u1", userName: "Ann", platformAdmin: false };
  const first = await resolveActor(store, options, actor, T0, cache);
  expect(calls).toContain("workspaces:ensure");
  calls.length = 0;
  const again = await resolveActor(store, options, actor, T0, cache);
  expect(calls).toEqual(["workspaces:actorRevision"]);
  expect(again.member).toEqual(first.member);
  // A change any process makes moves the revision: the next request takes the store path again.
  await store.workspaces.updateMember(first.member.id, { banned: true });
  calls.length = 0;
  expect((await resolveActor(store, options, actor, T0, cache)).member.banned).toBe(true);
  expect(calls).toEqual(expect.arrayContaining(["workspaces:actorRevision", "workspaces:ensure", "workspaces:ensureMemberOf"]));
});

test("a wrong service secret surfaces as a coded UNAUTHORIZED error", async () => {
  const { store } = countingStore("wrong-secret");
  const error = await store.workspaces.list().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CodedError);
  expect(error).toMatchObject({ code: "UNAUTHORIZED", fields: { function: "workspaces:list" } });
});

test("ensureMember on an unknown workspace throws NOT_FOUND", async () => {
  const { store } = countingStore();
  await expect(
    store.workspaces.ensureMember({ workspaceId: "ws_missing", platform: "discord", externalUserId: "u", displayName: null, role: "member", now: T0 }),
  ).rejects.toMatchObject({ code: "NOT_FOUND" });
});
