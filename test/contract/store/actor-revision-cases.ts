import { describe, expect, it } from "vitest";
import { Fixture, T0, type StoreRef } from "./fixtures.ts";

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
  });
}
