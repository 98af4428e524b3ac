import { afterEach, expect, it } from "vitest";
import type { Installation, InstallationStore } from "../../core/ports/installation-store.ts";

const installation = (over: Partial<Installation> = {}): Installation => ({
  platform: "slack",
  teamId: "T01",
  enterpriseId: null,
  workspaceId: null,
  appId: "A01",
  botUserId: "U0BOT",
  botId: "B01",
  botScopes: ["chat:write", "commands"],
  encryptedBotToken: "v1.sealed-1",
  installedByUserId: "U0INSTALLER",
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

/** The InstallationStore port's promises, run on every adapter (test/slack/installation-store.test.ts). */
export function installationStoreCases(make: () => Promise<{ store: InstallationStore; done: () => Promise<void> }>) {
  let done: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await done?.();
  });
  const open = async () => {
    const made = await make();
    done = made.done;
    return made.store;
  };

  it("saves and finds a team's installation; a reinstall replaces it and keeps createdAt", async () => {
    const store = await open();
    await store.save(installation());
    expect(await store.find({ platform: "slack", teamId: "T01", enterpriseId: null })).toEqual(installation());
    await store.save(installation({ encryptedBotToken: "v1.sealed-2", botScopes: ["chat:write"], createdAt: 5_000, updatedAt: 5_000 }));
    expect(await store.find({ platform: "slack", teamId: "T01", enterpriseId: null })).toEqual(
      installation({ encryptedBotToken: "v1.sealed-2", botScopes: ["chat:write"], updatedAt: 5_000 }),
    );
    expect(await store.find({ platform: "slack", teamId: "T02", enterpriseId: null })).toBeNull();
  });

  it("falls back to the enterprise's org-wide install for a team without its own", async () => {
    const store = await open();
    const orgWide = installation({ teamId: null, enterpriseId: "E01", encryptedBotToken: "v1.org" });
    await store.save(orgWide);
    await store.save(installation({ teamId: "T09", enterpriseId: "E01", encryptedBotToken: "v1.own" }));
    expect((await store.find({ platform: "slack", teamId: "T05", enterpriseId: "E01" }))?.encryptedBotToken).toBe("v1.org");
    expect((await store.find({ platform: "slack", teamId: "T09", enterpriseId: "E01" }))?.encryptedBotToken).toBe("v1.own");
    expect(await store.find({ platform: "slack", teamId: "T05", enterpriseId: null })).toBeNull();
    // An org-wide install has no team of its own: deleting it leaves the enterprise's team installs.
    expect(await store.delete({ platform: "slack", teamId: null, enterpriseId: "E01" })).toBe(true);
    expect(await store.find({ platform: "slack", teamId: "T05", enterpriseId: "E01" })).toBeNull();
    expect((await store.find({ platform: "slack", teamId: "T09", enterpriseId: "E01" }))?.encryptedBotToken).toBe("v1.own");
  });

  it("deletes exactly the keyed installation", async () => {
    const store = await open();
    await store.save(installation());
    await store.save(installation({ teamId: "T02" }));
    expect(await store.delete({ platform: "slack", teamId: "T01", enterpriseId: null })).toBe(true);
    expect(await store.delete({ platform: "slack", teamId: "T01", enterpriseId: null })).toBe(false);
    expect(await store.find({ platform: "slack", teamId: "T01", enterpriseId: null })).toBeNull();
    expect(await store.find({ platform: "slack", teamId: "T02", enterpriseId: null })).not.toBeNull();
  });
}
