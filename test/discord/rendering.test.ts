import { describe, expect, it } from "vitest";
import type { APIEmbed } from "discord.js";
import { parseButtonId, searchButtonId } from "../../bots/discord/custom-id.ts";
import { LIMITS, truncate } from "../../bots/discord/limits.ts";
import { renderJobMessage } from "../../bots/discord/render-job-message.ts";
import type { Image } from "../../core/domain/image.ts";
import type { Job } from "../../core/domain/job.ts";

const isLoneSurrogate = (s: string) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

function job(overrides: Partial<Job>): Job {
  return {
    id: "job_01JZZZZZZZZZZZZZZZZZZZZZZZ",
    seq: 1,
    workspaceId: "ws_1",
    userId: "usr_1",
    memberId: "mem_1",
    source: "discord",
    idempotencyKey: null,
    status: "completed",
    prompt: "a fox",
    negativePrompt: null,
    model: "local",
    provider: "local",
    aspectRatio: "1:1",
    count: 4,
    seed: 42,
    private: false,
    channelKey: null,
    parentJobId: null,
    inputImageKey: null,
    strength: null,
    creditsCharged: 4,
    creditsRefunded: 0,
    attempts: 1,
    maxAttempts: 3,
    leaseOwner: null,
    leaseExpiresAt: null,
    nextRunAt: 0,
    errorCode: null,
    errorMessage: null,
    replyTarget: null,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1_000,
    providerMs: null,
    uploadMs: null,
    providerCostUsd: null,
    ...overrides,
  };
}

const image = (index: number) => ({ index, jobId: "job_01JZZZZZZZZZZZZZZZZZZZZZZZ", storageKey: `k/${index}.png` }) as Image;

function embedLength(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

describe("Discord limits", () => {
  it("truncates at grapheme boundaries: no half surrogate pair, no split flag or family emoji", () => {
    for (const unit of ["🦊", "🇫🇷", "👨‍👩‍👧", "é", "x"]) {
      for (let max = 2; max <= 30; max++) {
        const cut = truncate(unit.repeat(40), max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.endsWith("…")).toBe(true);
        expect(isLoneSurrogate(cut)).toBe(false);
        expect(cut.slice(0, -1).replaceAll(unit, "")).toBe("");
      }
    }
    expect(truncate("short", 10)).toBe("short");
  });

  it("renders the largest job within content, embed, button and custom_id limits", () => {
    const prompt = "🦊".repeat(1500);
    const view = {
      job: job({ prompt, negativePrompt: "👨‍👩‍👧".repeat(300), status: "failed", errorMessage: "x".repeat(5000), creditsRefunded: 4 }),
      images: [],
      position: null,
    };
    for (const v of [view, { ...view, job: { ...view.job, status: "completed" as const }, images: [0, 1, 2, 3].map(image) }]) {
      const refs = v.images.map((i) => ({ image: i, url: `https://cdn.example.com/${i.storageKey}` }));
      const body = renderJobMessage(v, refs);
      expect(body.content!.length).toBeLessThanOrEqual(LIMITS.content);
      expect(isLoneSurrogate(body.content!) || isLoneSurrogate(body.embeds![0]!.title!)).toBe(false);
      expect(body.embeds!.length).toBeLessThanOrEqual(LIMITS.embeds);
      expect(body.embeds!.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
      expect(body.embeds![0]!.title!.length).toBeLessThanOrEqual(LIMITS.embedTitle);
      for (const row of body.components as { components: { custom_id: string }[] }[]) {
        expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
        for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      }
    }
  });

  it("groups public images into one gallery (a shared embed url) and shows a failure's reason and refund", () => {
    const done = renderJobMessage({ job: job({}), images: [0, 1].map(image), position: null }, [0, 1].map((i) => ({ image: image(i), url: `https://cdn.example.com/${i}.png` })));
    expect(done.embeds!.map((e) => e.url)).toEqual(["https://cdn.example.com/0.png", "https://cdn.example.com/0.png"]);
    const failed = renderJobMessage({ job: job({ status: "failed", errorMessage: "The provider is down.", creditsRefunded: 4 }), images: [], position: null }, []);
    expect(failed.content).toBe("Failed: The provider is down. — 4 credits refunded");
  });

  it("round-trips button ids, and gives long search queries no buttons rather than ids over 100 characters", () => {
    expect(parseButtonId("px:variations:job_01J")).toEqual({ kind: "job", action: "variations", jobId: "job_01J" });
    expect(parseButtonId("px:collection:mine:3")).toEqual({ kind: "collection", scope: "mine", page: 3 });
    expect(parseButtonId(searchButtonId(2, "a: b")!)).toEqual({ kind: "search", page: 2, query: "a: b" });
    expect(searchButtonId(2, "w".repeat(200))).toBeNull();
    for (const bad of ["px:collection:everyone:1", "px:search:0:x", "px:save:", "other:save:job_1"]) expect(parseButtonId(bad)).toBeNull();
  });
});
