import { ProviderError } from "../../core/ports/image-provider.ts";
import type { AdminHarness } from "./admin-harness.ts";

/**
 * A store with a row in every table the export covers, and each kind of state a row can be in:
 * jobs in all five statuses, public and private images, channel, saved and custom collections
 * with links and a share token, an API key with use, changed settings, a capped and a banned
 * member, a grant, next month's refill, and a forgotten person's tombstone.
 */
export async function seedEverything(h: AdminHarness): Promise<{ pendingJobId: string }> {
  const ann = h.actor("ann");
  const bob = h.actor("bob");
  const done = await h.generate(ann, "a lighthouse at dusk", { count: 2 });
  await h.generate(bob, "a private fox", { private: true });
  await h.generate(h.actor("cat", "guild-2"), "a fox in guild two");
  h.provider.script({ error: new ProviderError("PROVIDER_BAD_REQUEST", "refused", { retryable: false }) }, { images: 4 });
  await h.generate(ann, "a refused prompt");
  const cancelled = await h.submit(bob, "changed my mind");
  await h.engine.cancel(bob, cancelled.id);
  await h.engine.saveToCollection(bob, done.id);

  const now = h.clock.now();
  const guild = (await h.store.workspaces.findByExternal("discord", "guild-1"))!;
  const bobUser = (await h.store.workspaces.findUserByIdentity("discord", "bob"))!;
  const custom = await h.store.collections.create({ workspaceId: guild.id, userId: bobUser.id, name: "Bob's favourites", now });
  const [image] = await h.store.images.listForJob(done.id);
  await h.store.collections.addImage(custom.id, image!.id, bobUser.id, now);
  await h.store.collections.setShareToken(custom.id, "share-token-of-bobs-favourites", now);
  await h.store.apiKeys.create({
    id: "key_bob",
    workspaceId: guild.id,
    userId: bobUser.id,
    name: "Bob's script",
    prefix: "pxl_bob",
    keyHash: "hash-of-bobs-key",
    scopes: ["generate", "read"],
    rateLimitPerMinute: 30,
    createdAt: now,
  });
  await h.store.apiKeys.touch("key_bob", now);
  await h.store.workspaces.updateSettings(guild.id, { blockWords: ["clowns"], memberDailyCap: 50 }, now);
  const bobMember = (await h.store.workspaces.getMember(guild.id, bobUser.id))!;
  await h.store.workspaces.updateMember(bobMember.id, { dailyCapOverride: 5 });
  await h.store.credits.append({ workspaceId: guild.id, kind: "grant", amount: 25, reason: "launch week", now });

  await h.generate(h.actor("dan"), "dan's fox");
  const forgotten = await h.admin(["forget", "discord:dan"]);
  if (forgotten.code !== 0) throw new Error(forgotten.stderr);

  h.clock.set(Date.UTC(2026, 11, 1, 8, 0));
  await h.admin(["refill"]);
  await h.submit(ann, "running when the export was taken");
  await h.store.jobs.claim({ workerId: "worker-test", now: h.clock.now(), leaseMs: 60_000, providers: ["local"], maxRunningPerMember: () => 10 });
  const pending = await h.submit(ann, "still queued when the export was taken");
  await h.store.workspaces.updateMember((await h.store.workspaces.getMember(guild.id, bobUser.id))!.id, { banned: true });
  return { pendingJobId: pending.id };
}
