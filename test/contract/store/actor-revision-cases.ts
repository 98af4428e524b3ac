import { describe, expect, it } from "vitest";
import { Fixture, NO_LIMITS, rejection, T0, unwrap, type StoreRef } from "./fixtures.ts";

/**
 * workspaces.actorRevision (optional in the port; both stores have it): what the engine's actor
 * cache trusts to tell it whether a cached member is still what the store says.
 */
export function actorRevisionCases(ref: StoreRef): void {
  describe("workspaces.actorRevision", () => {
    it("the actor revision moves with every change a resolved actor carries, never with job traffic", async () => {
      const f = new Fixture(ref.get());
      const { store } = f;
      const actor = await f.actor();
      const id = actor.workspace.id;
      const revision = async () => (await store.workspaces.actorRevision!(id))!;
      const start = await revision();
      const job = await f.submit(actor);
      expect((await f.claim("w1", T0))?.id).toBe(job.id);
      const afterJob = await revision();
      expect(afterJob.revision).toBe(start.revision);
      expect(afterJob.balance).toBe(start.balance - 1);
      const changes: (() => Promise<unknown>)[] = [
        () => store.workspaces.updateMember(actor.member.id, { banned: true }),
        () => store.workspaces.updateMember(actor.member.id, { role: "admin" }),
        () => store.workspaces.updateMember(actor.member.id, { dailyCapOverride: 3 }),
        () => store.workspaces.updateSettings(id, { nsfw: "allow" }, T0),
        () => store.workspaces.setPlan(id, "FREE", T0),
        () => store.workspaces.setActive(id, false, T0),
      ];
      let last = afterJob.revision;
      for (const change of changes) {
        await change();
        const now = (await revision()).revision;
        expect(now).toBeGreaterThan(last);
        last = now;
      }
      expect(await store.workspaces.actorRevision!("ws_missing")).toBeNull();
    });

    it("a submit made at an older actor revision writes nothing and answers ACTOR_CHANGED; at the current one it is accepted", async () => {
      const f = new Fixture(ref.get());
      const { store } = f;
      const actor = await f.actor();
      const id = actor.workspace.id;
      const old = (await store.workspaces.actorRevision!(id))!.revision;
      const first = await f.submit(actor, { idempotencyKey: "discord:evt-1", actorRevision: old });
      await store.workspaces.updateSettings(id, { allowedChannels: ["discord:w/c"] }, T0);
      const current = (await store.workspaces.actorRevision!(id))!;

      const stale = await store.jobs.submit(f.newJob(actor, { actorRevision: old }), NO_LIMITS);
      expect(rejection(stale).code).toBe("ACTOR_CHANGED");
      expect(await store.workspaces.actorRevision!(id)).toEqual(current);
      expect((await store.jobs.list({ workspaceId: id, limit: 10 })).map((job) => job.id)).toEqual([first.id]);
      // A repeated delivery still answers its first job, whatever changed since.
      expect(unwrap(await store.jobs.submit(f.newJob(actor, { idempotencyKey: "discord:evt-1", actorRevision: old }), NO_LIMITS))).toMatchObject({
        duplicate: true,
        job: { id: first.id },
      });
      const fresh = await f.submit(actor, { actorRevision: current.revision });
      expect((await store.workspaces.get(id))?.balance).toBe(current.balance - fresh.creditsCharged);
    });
  });
}
