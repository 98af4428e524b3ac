import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectionList, imagePage, imagesAdded, usageBody } from "../../bots/api/api-schemas.ts";
import { apiHarness, errorCode, PUBLIC_URL, type ApiHarness } from "./api-harness.ts";

describe("REST API: images, collections and usage", () => {
  let h: ApiHarness;
  let key: string;
  beforeEach(async () => {
    h = await apiHarness();
    key = (await h.createKey()).rawKey;
  });
  afterEach(() => h.cleanup());

  /** Generates through the API and waits until every job is done; returns the job ids. */
  async function generate(...counts: number[]): Promise<string[]> {
    h.engine.start();
    const ids: string[] = [];
    for (const [i, count] of counts.entries()) {
      const response = await h.call("POST", "/api/v1/generations", { key, body: { prompt: `fox ${i}`, count, private: i === 0 } });
      ids.push((response.json as { id: string }).id);
    }
    for (const id of ids) await h.settled(id);
    return ids;
  }

  const imageIds = async () => (await h.store.images.list({ workspaceId: (await h.engine.resolve(h.admin)).workspace.id, limit: 100 })).images.map((i) => i.id);

  it("pages through the creator's images, newest first, with a cursor", async () => {
    await generate(2, 2, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const response = await h.call("GET", `/api/v1/images?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(response.status).toBe(200);
      const page = imagePage.parse(response.json);
      sizes.push(page.images.length);
      seen.push(...page.images.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(await imageIds());
    expect(new Set(seen).size).toBe(5);

    const defaults = imagePage.parse((await h.call("GET", "/api/v1/images", { key })).json);
    expect(defaults.images).toHaveLength(5);
    expect(defaults.nextCursor).toBeNull();
  });

  it("refuses malformed paging parameters (400)", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "cursor=nope", "page=2"]) {
      const response = await h.call("GET", `/api/v1/images?${query}`, { key });
      expect([response.status, errorCode(response)], query).toEqual([400, "INVALID_REQUEST"]);
    }
  });

  it("lists the channel collections and the creator's own, never another member's", async () => {
    const { workspace, user } = await h.engine.resolve(h.admin);
    const colleague = await h.engine.resolve(h.actor("colleague"));
    const now = h.clock.now();
    const channel = await h.store.collections.ensureForChannel({ workspaceId: workspace.id, channelKey: "discord:w1/c1", name: "#general", now });
    const mine = await h.store.collections.ensureForUser({ workspaceId: workspace.id, userId: user.id, name: "Mine", now });
    await h.store.collections.ensureForUser({ workspaceId: workspace.id, userId: colleague.user.id, name: "Theirs", now });

    const listed = collectionList.parse((await h.call("GET", "/api/v1/collections", { key })).json).collections;
    expect(listed.map((c) => [c.id, c.kind]).sort()).toEqual([[channel.id, "channel"], [mine.id, "personal"]].sort());
    expect(listed.find((c) => c.id === channel.id)!.shareUrl).toBe(`${PUBLIC_URL}/c/${channel.shareToken}`);

    await h.engine.updateSettings(h.admin, { sharingEnabled: false });
    const unshared = collectionList.parse((await h.call("GET", "/api/v1/collections", { key })).json).collections;
    expect(unshared.map((c) => c.shareUrl)).toEqual([null, null]);
  });

  it("adds images to a collection idempotently, and refuses unknown, foreign or private-into-shared ones", async () => {
    const [privateJob] = await generate(1, 2);
    const ids = await imageIds();
    const privateImage = (await h.store.images.listForJob(privateJob!))[0]!.id;
    const publicImages = ids.filter((id) => id !== privateImage);
    const { workspace, user } = await h.engine.resolve(h.admin);
    const now = h.clock.now();
    const channel = await h.store.collections.ensureForChannel({ workspaceId: workspace.id, channelKey: "discord:w1/c9", name: "#art", now });
    const mine = await h.store.collections.ensureForUser({ workspaceId: workspace.id, userId: user.id, name: "Mine", now });

    const added = await h.call("POST", `/api/v1/collections/${channel.id}/images`, { key, body: { imageIds: publicImages } });
    expect(added.status).toBe(200);
    expect(imagesAdded.parse(added.json)).toEqual({ collectionId: channel.id, added: publicImages, imageCount: 2 });
    const again = await h.call("POST", `/api/v1/collections/${channel.id}/images`, { key, body: { imageIds: publicImages } });
    expect((again.json as { imageCount: number }).imageCount).toBe(2);

    const intoShared = await h.call("POST", `/api/v1/collections/${channel.id}/images`, { key, body: { imageIds: [privateImage] } });
    expect([intoShared.status, errorCode(intoShared)]).toEqual([400, "INVALID_REQUEST"]);
    const intoMine = await h.call("POST", `/api/v1/collections/${mine.id}/images`, { key, body: { imageIds: [privateImage] } });
    expect(imagesAdded.parse(intoMine.json).imageCount).toBe(1);

    const unknownImage = await h.call("POST", `/api/v1/collections/${mine.id}/images`, { key, body: { imageIds: ["img_01JNOTANIMAGE0000000000000"] } });
    expect([unknownImage.status, errorCode(unknownImage)]).toEqual([404, "NOT_FOUND"]);
    const elsewhere = await h.store.collections.ensureForChannel({ workspaceId: (await h.engine.resolve(h.actor("x", "w2"))).workspace.id, channelKey: "discord:w2/c1", name: "#other", now });
    const foreign = await h.call("POST", `/api/v1/collections/${elsewhere.id}/images`, { key, body: { imageIds: publicImages } });
    expect([foreign.status, errorCode(foreign)]).toEqual([404, "NOT_FOUND"]);
    const empty = await h.call("POST", `/api/v1/collections/${mine.id}/images`, { key, body: { imageIds: [] } });
    expect([empty.status, errorCode(empty)]).toEqual([400, "INVALID_REQUEST"]);
    expect((empty.json as { error: { message: string } }).error.message).toMatch(/"imageIds" must be a list of at least 1 items/);
  });

  it("reports daily usage for a validated range", async () => {
    await generate(2);
    const today = new Date(h.clock.now()).toISOString().slice(0, 10);
    const usage = usageBody.parse((await h.call("GET", "/api/v1/usage", { key })).json);
    expect(usage.to).toBe(today);
    expect(usage.from).toBe("2026-10-28");
    expect(usage.days).toMatchObject([{ date: today, requested: 1, completed: 1, images: 2, creditsCharged: 2, successRate: 1, models: { local: 2 } }]);

    const before = usageBody.parse((await h.call("GET", "/api/v1/usage?from=2026-01-01&to=2026-01-31", { key })).json);
    expect(before).toEqual({ from: "2026-01-01", to: "2026-01-31", days: [] });

    // A key whose creator is no longer an admin reads only that person's rows.
    const creator = h.actor("creator", "w1", true);
    const creatorKey = (await h.createKey("read", creator)).rawKey;
    await h.store.workspaces.updateMember((await h.engine.resolve(creator)).member.id, { role: "member" });
    const own = usageBody.parse((await h.call("GET", "/api/v1/usage", { key: creatorKey })).json);
    expect(own.days).toMatchObject([{ date: today, requested: 0, apiRequests: 1 }]);

    for (const query of ["from=2026-11-27&to=2026-11-26", "from=2024-01-01&to=2026-01-01", "from=2026-02-30", "to=yesterday", "day=2026-01-01"]) {
      const response = await h.call("GET", `/api/v1/usage?${query}`, { key });
      expect([response.status, errorCode(response)], query).toEqual([400, "INVALID_REQUEST"]);
    }
  });
});
