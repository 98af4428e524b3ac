import { describe, expect, it } from "vitest";
import { decideCompletion } from "../../../../core/domain/rules/completion.ts";
import type { CompletedImage } from "../../../../core/ports/store.ts";
import { job, NOW } from "./rule-fixtures.ts";

const images = (count: number): CompletedImage[] =>
  Array.from({ length: count }, (_, index) => ({ id: `img_${index}`, index, storageKey: `k/${index}`, url: `u/${index}`, contentType: "image/png", width: 1, height: 1, bytes: 100 }));
const result = (count: number) => ({ images: images(count), providerMs: 900, uploadMs: 40, providerCostUsd: 0.02, now: NOW });

describe("decideCompletion", () => {
  it("records images, both storage totals, usage, the refund for missing images and the move, in that order", () => {
    const effects = decideCompletion(job({ count: 4, creditsCharged: 8 }), result(3));
    expect(effects.map((e) => e.type)).toEqual(["insertImages", "storage", "usage", "book", "usage", "moveJob"]);
    expect(effects[1]).toEqual({ type: "storage", workspaceId: "ws_1", userId: "usr_1", bytes: 300, now: NOW });
    expect(effects[2]).toMatchObject({ date: "2026-11-26", delta: { completed: 1, images: 3, storageBytes: 300, providerCostUsd: 0.02, model: { id: "local", images: 3 } } });
    expect(effects[3]).toMatchObject({ kind: "refund", amount: 2, dedupeKey: "refund:job_1" });
    expect(effects[4]).toMatchObject({ date: "2026-11-25", delta: { creditsRefunded: 2 } });
    expect(effects[5]).toMatchObject({ from: "processing", to: "completed", patch: { creditsRefunded: 2, providerMs: 900, uploadMs: 40, finishedAt: NOW } });
  });

  it.each([
    ["a public job made in a channel", { channelKey: "discord:g/c", private: false }, 1, true],
    ["a private job", { channelKey: "discord:g/c", private: true }, 1, false],
    ["a job made outside channels", { channelKey: null, private: false }, 1, false],
    ["a completion without images", { channelKey: "discord:g/c", private: false }, 0, false],
  ] as const)("files %s in the channel's collection: %s", (_what, fields, count, filed) => {
    const effects = decideCompletion(job(fields), result(count));
    expect(effects.some((e) => e.type === "fileInChannel")).toBe(filed);
  });

  it("books no refund when every image came back", () => {
    expect(decideCompletion(job({ count: 2, creditsCharged: 2 }), result(2)).some((e) => e.type === "book")).toBe(false);
  });
});
