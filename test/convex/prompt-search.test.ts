// @vitest-environment edge-runtime
import { beforeEach, describe, expect, test } from "vitest";
import type { Store } from "../../core/ports/store.ts";
import { Fixture, T0, type Actor } from "../contract/store/fixtures.ts";
import { makeConvexStore } from "./harness.ts";

let store: Store;
let fx: Fixture;
let alice: Actor;
let bob: Actor;
const ids: Record<string, string> = {};

/** One completed job (one image) per prompt, a second apart, so newest first is well defined. */
async function made(actor: Actor, prompt: string, at: number, isPrivate = false) {
  const job = await fx.running(actor, "w", { prompt, private: isPrivate, now: at });
  const [image] = fx.images(1, 10, at);
  await fx.complete(job, [image!], "w", at);
  ids[prompt] = image!.id;
}

const search = (query: string, viewer = alice, page = { offset: 0, limit: 20 }) =>
  store.images.search({ workspaceId: alice.workspace.id, query, viewerUserId: viewer.user.id, ...page });
const prompts = async (query: string, viewer = alice) => (await search(query, viewer)).images.map((i) => i.prompt);

beforeEach(async () => {
  store = makeConvexStore();
  fx = new Fixture(store);
  alice = await fx.actor("PRO");
  bob = await fx.member(alice.workspace);
  await made(alice, "A Lighthouse at dusk", T0 + 1_000);
  await made(bob, "lighthouse keeper, oil painting", T0 + 2_000);
  await made(alice, "sunset over the light rail", T0 + 3_000);
  await made(bob, "secret lighthouse plans", T0 + 4_000, true);
});

describe("images.search", () => {
  test("every word must match; the last may be a prefix; case-insensitive; newest first", async () => {
    expect(await prompts("LIGHTHOUSE")).toEqual(["lighthouse keeper, oil painting", "A Lighthouse at dusk"]);
    expect(await prompts("ligh")).toEqual(["sunset over the light rail", "lighthouse keeper, oil painting", "A Lighthouse at dusk"]);
    expect(await prompts("lighthouse du")).toEqual(["A Lighthouse at dusk"]);
  });

  test("earlier words match whole words only", async () => {
    expect(await prompts("ligh dusk")).toEqual([]);
    expect(await prompts("light rail")).toEqual(["sunset over the light rail"]);
  });

  test("private images show up for their owner only", async () => {
    expect(await prompts("secret", alice)).toEqual([]);
    expect(await prompts("secret", bob)).toEqual(["secret lighthouse plans"]);
  });

  test("a query without words finds nothing; punctuation separates words", async () => {
    expect(await search("  ?! ")).toEqual({ images: [], total: 0 });
    expect(await prompts("keeper,oil")).toEqual(["lighthouse keeper, oil painting"]);
  });

  test("offset and limit page through the matches; total counts them all", async () => {
    const first = await search("l", alice, { offset: 0, limit: 2 });
    const second = await search("l", alice, { offset: 2, limit: 2 });
    expect(first.total).toBe(3);
    expect([...first.images, ...second.images].map((i) => i.id)).toEqual([
      ids["sunset over the light rail"],
      ids["lighthouse keeper, oil painting"],
      ids["A Lighthouse at dusk"],
    ]);
  });

  test("another workspace's images are never found", async () => {
    const other = await fx.actor("PRO");
    expect((await store.images.search({ workspaceId: other.workspace.id, query: "lighthouse", viewerUserId: other.user.id, offset: 0, limit: 5 })).total).toBe(0);
  });
});
