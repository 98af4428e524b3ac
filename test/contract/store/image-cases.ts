import { describe, expect, it } from "vitest";
import type { Image } from "../../../core/domain/image.ts";
import { Fixture, T0, type Actor, type StoreRef } from "./fixtures.ts";

export function imageCases(ref: StoreRef): void {
  const fixture = () => new Fixture(ref.get());

  /** Runs one job per prompt to completion, one image each, a second apart. */
  async function make(f: Fixture, actor: Actor, prompts: string[], options: { private?: boolean; start?: number } = {}): Promise<Image[]> {
    const made: Image[] = [];
    for (const [i, prompt] of prompts.entries()) {
      const now = (options.start ?? T0) + i * 1_000;
      const job = await f.running(actor, "worker-1", { prompt, private: options.private ?? false, now });
      await f.complete(job, f.images(1, 1_000, now), "worker-1", now);
      made.push(...(await f.store.images.listForJob(job.id)));
    }
    return made;
  }

  describe("images", () => {
    it("pages newest first with a cursor, optionally for one user", async () => {
      const f = fixture();
      const actor = await f.actor();
      const colleague = await f.member(actor.workspace);
      const mine = await make(f, actor, ["a", "b", "c", "d"]);
      const theirs = await make(f, colleague, ["e", "f", "g"], { start: T0 + 10_000 });
      const newestFirst = [...mine, ...theirs].reverse().map((i) => i.id);

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await f.store.images.list({ workspaceId: actor.workspace.id, cursor, limit: 3 });
        pages.push(page.images.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(pages).toEqual([newestFirst.slice(0, 3), newestFirst.slice(3, 6), newestFirst.slice(6)]);

      const onlyMine = await f.store.images.list({ workspaceId: actor.workspace.id, userId: actor.user.id, limit: 4 });
      expect(onlyMine).toEqual({ images: [...mine].reverse(), nextCursor: null });
      expect(await f.store.images.list({ workspaceId: "ws_missing", limit: 4 })).toEqual({ images: [], nextCursor: null });
    });

    it("deletes an image with its collection links and its bytes", async () => {
      const f = fixture();
      const actor = await f.actor();
      const job = await f.running(actor, "worker-1", { channelKey: "discord:g/c", count: 2, price: 2 });
      await f.complete(job, f.images(2, 4_000));
      const [first, second] = await f.store.images.listForJob(job.id);
      const collection = await f.store.collections.ensureForChannel({ workspaceId: actor.workspace.id, channelKey: "discord:g/c", name: "#c", now: T0 });

      expect(await f.store.images.delete(first!.id, T0 + 1)).toEqual(first);
      expect(await f.store.images.get(first!.id)).toBeNull();
      expect(await f.store.images.delete(first!.id, T0 + 2)).toBeNull();
      expect(await f.store.images.listForJob(job.id)).toEqual([second]);
      expect(await f.store.collections.listImages(collection.id, { offset: 0, limit: 10 })).toEqual({ images: [second], total: 1 });
      expect((await f.store.workspaces.get(actor.workspace.id))?.storageUsedBytes).toBe(4_000);
    });

    it("searches prompts: every word, the last one as a prefix, private images only for their owner", async () => {
      const f = fixture();
      const actor = await f.actor();
      const colleague = await f.member(actor.workspace);
      const [dusk, keeper] = await make(f, actor, ["A lighthouse at dusk", "Portrait of a Lighthouse keeper"]);
      const [secret] = await make(f, colleague, ["lighthouse in a storm"], { private: true, start: T0 + 10_000 });
      await make(f, await f.actor(), ["lighthouse elsewhere"]);
      const search = (query: string, viewer = actor, offset = 0, limit = 10) =>
        f.store.images.search({ workspaceId: actor.workspace.id, query, viewerUserId: viewer.user.id, offset, limit });

      expect(await search("LIGHTHO")).toEqual({ images: [keeper, dusk], total: 2 });
      expect(await search("lighthouse du")).toEqual({ images: [dusk], total: 1 });
      expect(await search("ligh dusk")).toEqual({ images: [], total: 0 });
      expect(await search("lighthouse", colleague)).toEqual({ images: [secret, keeper, dusk], total: 3 });
      expect(await search("lighthouse", colleague, 1, 1)).toEqual({ images: [keeper], total: 3 });
      expect(await search("   ")).toEqual({ images: [], total: 0 });
    });
  });
}
