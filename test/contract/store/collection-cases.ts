import { describe, expect, it } from "vitest";
import { Fixture, T0, type StoreRef } from "./fixtures.ts";

export function collectionCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());
  const channel = { channelKey: "slack:T1/C1", name: "#art", now: T0 };

  describe("collections", () => {
    it("files a channel job's public images in the channel collection, never private ones", async () => {
      const f = fixture();
      const actor = await f.actor();
      const shared = await f.running(actor, "worker-1", { channelKey: channel.channelKey, count: 2, price: 2 });
      await f.complete(shared, f.images(2));
      const secret = await f.running(actor, "worker-1", { channelKey: channel.channelKey, private: true });
      await f.complete(secret, f.images(1));

      const collection = await f.store.collections.ensureForChannel({ ...channel, workspaceId: actor.workspace.id });
      expect(collection).toMatchObject({ workspaceId: actor.workspace.id, channelKey: channel.channelKey, userId: null, imageCount: 2 });
      expect(collection.shareToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const page = await f.store.collections.listImages(collection.id, { offset: 0, limit: 10, includePrivate: true });
      expect(page.total).toBe(2);
      expect(page.images.every((i) => i.jobId === shared.id)).toBe(true);
      expect(await f.store.collections.getByShareToken(collection.shareToken!)).toEqual(collection);
    });

    it("creates one channel collection per workspace and channel", async () => {
      const f = fixture();
      const [a, b] = [await f.workspace(), await f.workspace()];
      const first = await f.store.collections.ensureForChannel({ ...channel, workspaceId: a.id });
      const again = await f.store.collections.ensureForChannel({ ...channel, workspaceId: a.id, now: T0 + 1 });
      const other = await f.store.collections.ensureForChannel({ ...channel, workspaceId: b.id });
      expect(again.id).toBe(first.id);
      expect(again.shareToken).toBe(first.shareToken);
      expect(other.id).not.toBe(first.id);
      expect(other.shareToken).not.toBe(first.shareToken);
      expect((await f.store.collections.listForWorkspace(a.id)).map((c) => c.id)).toEqual([first.id]);
    });

    it("keeps one saved collection per member, unshared", async () => {
      const f = fixture();
      const actor = await f.actor();
      const input = { workspaceId: actor.workspace.id, userId: actor.user.id, name: "Saved", now: T0 };
      const saved = await f.store.collections.ensureForUser(input);
      expect(await f.store.collections.ensureForUser({ ...input, now: T0 + 1 })).toEqual(saved);
      expect(saved).toMatchObject({ userId: actor.user.id, channelKey: null, shareToken: null, imageCount: 0 });
      const custom = await f.store.collections.create({ workspaceId: actor.workspace.id, userId: actor.user.id, name: "Moodboard", now: T0 });
      expect(custom.id).not.toBe(saved.id);
      expect(await f.store.collections.get(custom.id)).toEqual(custom);
      expect((await f.store.collections.listForWorkspace(actor.workspace.id)).map((c) => c.id).sort()).toEqual([saved.id, custom.id].sort());
    });

    it("links images once, hides private ones unless asked, and unlinks", async () => {
      const f = fixture();
      const actor = await f.actor();
      const made = async (now: number, isPrivate: boolean) => {
        const job = await f.running(actor, "worker-1", { now, private: isPrivate });
        await f.complete(job, f.images(1, 100, now), "worker-1", now);
        return (await f.store.images.listForJob(job.id))[0]!;
      };
      const older = await made(T0 + 1, false);
      const newer = await made(T0 + 2, false);
      const hidden = await made(T0 + 3, true);
      const collection = await f.store.collections.create({ workspaceId: actor.workspace.id, userId: actor.user.id, name: "Mine", now: T0 });

      for (const image of [older, newer, hidden, older]) {
        expect(await f.store.collections.addImage(collection.id, image.id, actor.user.id, T0 + 3)).toBe(true);
      }
      expect((await f.store.collections.get(collection.id))?.imageCount).toBe(3);
      const publicPage = await f.store.collections.listImages(collection.id, { offset: 0, limit: 10 });
      expect(publicPage).toEqual({ images: [newer, older], total: 2 });
      const everything = await f.store.collections.listImages(collection.id, { offset: 1, limit: 1, includePrivate: true });
      expect(everything).toEqual({ images: [newer], total: 3 });

      expect(await f.store.collections.removeImage(collection.id, newer.id, T0 + 4)).toBe(true);
      expect(await f.store.collections.removeImage(collection.id, newer.id, T0 + 4)).toBe(false);
      expect((await f.store.collections.listImages(collection.id, { offset: 0, limit: 10 })).total).toBe(1);
    });

    it("refuses links to unknown images, unknown collections and other workspaces' images", async () => {
      const f = fixture();
      const [mine, theirs] = [await f.actor(), await f.actor()];
      const job = await f.running(theirs);
      await f.complete(job, f.images(1));
      const [foreign] = await f.store.images.listForJob(job.id);
      const collection = await f.store.collections.create({ workspaceId: mine.workspace.id, userId: null, name: "Team", now: T0 });
      expect(await f.store.collections.addImage(collection.id, "img_missing", null, T0)).toBe(false);
      expect(await f.store.collections.addImage("col_missing", foreign!.id, null, T0)).toBe(false);
      expect(await f.store.collections.addImage(collection.id, foreign!.id, null, T0)).toBe(false);
      expect((await f.store.collections.get(collection.id))?.imageCount).toBe(0);
    });

    it("rotates and revokes share tokens", async () => {
      const f = fixture();
      const workspace = await f.workspace();
      const collection = await f.store.collections.ensureForChannel({ ...channel, workspaceId: workspace.id });
      const oldToken = collection.shareToken!;

      const rotated = await f.store.collections.setShareToken(collection.id, "fresh-token-0123456789", T0 + 1);
      expect(rotated?.shareToken).toBe("fresh-token-0123456789");
      expect(await f.store.collections.getByShareToken(oldToken)).toBeNull();
      expect((await f.store.collections.getByShareToken("fresh-token-0123456789"))?.id).toBe(collection.id);

      expect((await f.store.collections.setShareToken(collection.id, null, T0 + 2))?.shareToken).toBeNull();
      expect(await f.store.collections.getByShareToken("fresh-token-0123456789")).toBeNull();
      expect(await f.store.collections.setShareToken("col_missing", "x", T0)).toBeNull();
      expect(await f.store.collections.get("col_missing")).toBeNull();
    });
  });
}
