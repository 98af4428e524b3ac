import { describe, expect, it } from "vitest";
import { FORGOTTEN_DISPLAY_NAME, FORGOTTEN_PROMPT, FORGOTTEN_USER_ID } from "../../../../core/domain/forgotten-user.ts";
import type { ForgetEffect } from "../../../../core/domain/rules/effects.ts";
import { forgetRows, installerIdsOf } from "../../../../core/domain/rules/forget.ts";
import type { UsageDay } from "../../../../core/domain/usage.ts";
import { NOW } from "./rule-fixtures.ts";

const usageDay: UsageDay = {
  workspaceId: "ws_1",
  userId: "usr_1",
  date: "2026-11-25",
  requested: 1,
  completed: 1,
  failed: 0,
  cancelled: 0,
  images: 2,
  creditsCharged: 4,
  creditsRefunded: 0,
  storageBytes: 10,
  apiRequests: 0,
  providerCostUsd: 0,
  models: {},
};

const kinds = (effects: ForgetEffect[]) => effects.map((effect) => (effect.type === "deleteRows" || effect.type === "repointRows" ? `${effect.type}:${effect.table}` : effect.type));

describe("forgetRows", () => {
  it("deletes what is the person's and re-points what the workspace keeps, in an order both stores can apply", () => {
    const { effects, summary } = forgetRows({
      userId: "usr_1",
      now: NOW,
      images: [
        { key: "i1", workspaceId: "ws_1", bytes: 100, storageKey: "k1" },
        { key: "i2", workspaceId: "ws_1", bytes: 50, storageKey: "k2" },
        { key: "i3", workspaceId: "ws_2", bytes: 7, storageKey: "k3" },
      ],
      collections: [{ key: "c1", linkKeys: ["l1"], whole: true }],
      apiKeys: ["a1"],
      jobs: [
        { key: "j1", workspaceId: "ws_2" },
        // j2 started from an image: its stored copy goes with the person's images.
        { key: "j2", workspaceId: "ws_1", inputImageKey: "ws_1/2026-11-26/j2-input-8x8-n.png" },
        { key: "j3", workspaceId: "ws_2" },
      ],
      ledger: ["e1"],
      links: ["l9"],
      usage: [{ key: "u1", day: usageDay }],
      collaborations: [{ key: "c7", userIds: ["usr_2", "usr_1", "usr_3"] }],
      members: ["m1", "m2"],
      identities: [{ key: "id1", platform: "discord", externalId: "1234" }],
      user: "usr_1",
    });
    expect(kinds(effects)).toEqual([
      "ensureTombstone",
      "storage",
      "storage",
      "deleteRows:images",
      "deleteRows:collectionLinks",
      "deleteRows:collections",
      "deleteRows:apiKeys",
      "repointRows:jobs",
      "repointRows:ledger",
      "repointRows:collectionLinks",
      "usage",
      "deleteRows:usage",
      "setCollaborators",
      "deleteRows:members",
      "deleteRows:identities",
      "deleteRows:users",
    ]);
    expect(effects[0]).toEqual({ type: "ensureTombstone", userId: FORGOTTEN_USER_ID, displayName: FORGOTTEN_DISPLAY_NAME, workspaceIds: ["ws_1", "ws_2"], now: NOW });
    expect(effects.filter((e) => e.type === "storage")).toEqual([
      { type: "storage", workspaceId: "ws_1", userId: "usr_1", bytes: -150, now: NOW },
      { type: "storage", workspaceId: "ws_2", userId: "usr_1", bytes: -7, now: NOW },
    ]);
    expect(effects).toContainEqual({
      type: "repointRows",
      table: "jobs",
      keys: ["j1", "j2", "j3"],
      userId: FORGOTTEN_USER_ID,
      scrub: { prompt: FORGOTTEN_PROMPT, negativePrompt: null, replyTarget: null, inputImageKey: null },
    });
    expect(effects).toContainEqual({ type: "repointRows", table: "ledger", keys: ["e1"], userId: FORGOTTEN_USER_ID });
    expect(effects).toContainEqual({ type: "repointRows", table: "collectionLinks", keys: ["l9"], userId: FORGOTTEN_USER_ID });
    expect(effects).toContainEqual({ type: "setCollaborators", key: "c7", userIds: ["usr_2", "usr_3"] });
    expect(effects).toContainEqual(expect.objectContaining({ type: "usage", userId: FORGOTTEN_USER_ID, date: "2026-11-25" }));
    expect(summary).toEqual({ identities: 1, memberships: 2, images: 3, apiKeys: 1, collections: 1, jobs: 3, usageDays: 1, storageKeys: ["k1", "k2", "k3", "ws_1/2026-11-26/j2-input-8x8-n.png"] });
  });

  it("keeps a collection whose links were not all read, deleting only the links it was given", () => {
    const { effects, summary } = forgetRows({ userId: "usr_1", now: NOW, collections: [{ key: "c1", linkKeys: ["l1", "l2"], whole: false }] });
    expect(effects.slice(1)).toEqual([{ type: "deleteRows", table: "collectionLinks", keys: ["l1", "l2"] }]);
    expect(summary.collections).toBe(0);
  });

  it("a slice of one kind touches only that kind (a bounded Convex step)", () => {
    const { effects, summary } = forgetRows({ userId: "usr_1", now: NOW, ledger: ["e1", "e2"] });
    expect(effects).toEqual([
      { type: "ensureTombstone", userId: FORGOTTEN_USER_ID, displayName: FORGOTTEN_DISPLAY_NAME, workspaceIds: [], now: NOW },
      { type: "repointRows", table: "ledger", keys: ["e1", "e2"], userId: FORGOTTEN_USER_ID },
    ]);
    expect(summary).toEqual({ identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] });
  });

  it("deletes the user row only when the snapshot hands it over", () => {
    expect(kinds(forgetRows({ userId: "usr_1", now: NOW, identities: [{ key: "id1", platform: "slack", externalId: "T1/U1" }] }).effects)).toEqual([
      "ensureTombstone",
      "deleteRows:identities",
    ]);
    expect(kinds(forgetRows({ userId: "usr_1", now: NOW, identities: [], user: "u" }).effects)).toEqual(["ensureTombstone", "deleteRows:users"]);
  });

  it("closes a Clerk user's own workspace and no other account's", () => {
    const { effects } = forgetRows({
      userId: "usr_1",
      now: NOW,
      identities: [
        { key: "id1", platform: "clerk", externalId: "user_abc" },
        { key: "id2", platform: "discord", externalId: "42" },
      ],
      accountWorkspaces: [
        { key: "w1", platform: "clerk", externalId: "user_abc" },
        { key: "w2", platform: "discord", externalId: "42" },
      ],
    });
    expect(effects.filter((effect) => effect.type === "closeWorkspace")).toEqual([{ type: "closeWorkspace", key: "w1", name: "deleted user", now: NOW }]);
  });

  it("an installation stops naming its installer by the account's own id or by the Slack user after the team, only on that team", () => {
    expect(installerIdsOf("T1/U1")).toEqual(["T1/U1", "U1"]);
    expect(installerIdsOf("42")).toEqual(["42"]);
    const { effects } = forgetRows({
      userId: "usr_1",
      now: NOW,
      identities: [{ key: "id1", platform: "slack", externalId: "T1/U1" }],
      installations: [
        { key: "s1", platform: "slack", teamId: "T1", installedBy: "U1" },
        { key: "s2", platform: "slack", teamId: "T2", installedBy: "U1" },
        { key: "s3", platform: "slack", teamId: null, installedBy: "T1/U1" },
        { key: "s4", platform: "discord", teamId: "T1", installedBy: "U1" },
      ],
    });
    expect(effects.filter((effect) => effect.type === "clearInstaller")).toEqual([
      { type: "clearInstaller", key: "s1" },
      { type: "clearInstaller", key: "s3" },
    ]);
  });
});
