import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../../core/engine/engine.ts";
import type { DescribeInput, ImageDescriber } from "../../core/ports/image-describer.ts";
import { ProviderError } from "../../core/ports/image-provider.ts";
import { createLocalDescriber } from "../../core/providers/describe/local-describer.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import { imageHost } from "../support/image-host.ts";

const png = encodedImage("png", 96, 48);
const files = imageHost({ "/photo.png": png, "/page.html": "error-page", "/huge.png": "too-large" });

/** The offline describer, counting its calls and able to fail or hold on demand. */
class CountingDescriber implements ImageDescriber {
  readonly id = "local" as const;
  calls = 0;
  failWith: Error | null = null;
  hold: Promise<void> | null = null;
  private readonly inner = createLocalDescriber();
  async describe(input: DescribeInput) {
    this.calls += 1;
    if (this.hold) await this.hold;
    if (this.failWith) throw this.failWith;
    return this.inner.describe(input);
  }
}

describe("engine.describe: suggestions for an image, charged exactly once, never for a failure", () => {
  let h: EngineHarness;
  let describer: CountingDescriber;
  beforeEach(async () => {
    describer = new CountingDescriber();
    h = await engineHarness({
      describers: new Map([["local", describer]]),
      imageFetch: files.fetch(),
    });
  });
  afterEach(() => h.cleanup());

  const photo = { kind: "url", url: "" } as const;
  const ask = (overrides: Partial<Parameters<Engine["describe"]>[0]> = {}, key: string | null = "evt-1") =>
    h.engine.describe({ actor: h.actor(), image: { ...photo, url: `${files.origin}/photo.png` }, idempotencyKey: key, source: "discord", ...overrides });
  const balance = async () => (await h.engine.resolve(h.actor())).workspace.balance;

  it("answers 1-4 clean suggestions from the default describe model and charges its price once, shown in /credits", async () => {
    const before = await balance();
    const described = await ask();
    expect(described.ok).toBe(true);
    if (!described.ok) return;
    expect(described.value.model.id).toBe("local-describe");
    expect(described.value.suggestions.length).toBeGreaterThanOrEqual(1);
    expect(described.value.suggestions.length).toBeLessThanOrEqual(4);
    for (const s of described.value.suggestions) expect(s).toMatch(/^[^\n\r]{1,400}$/);
    expect(described.value.suggestions[0]).toMatch(/wide/);
    expect(await balance()).toBe(before - described.value.price);
    const credits = await h.engine.credits(h.actor());
    expect(credits.mine.creditsSpent).toBe(described.value.price);
    expect(credits.spentToday).toBe(described.value.price);
  });

  it("a repeated delivery of the same event neither charges twice nor calls the model twice", async () => {
    const before = await balance();
    let release!: () => void;
    describer.hold = new Promise((r) => (release = r));
    const first = ask();
    const second = ask();
    release();
    const [a, b] = await Promise.all([first, second]);
    const later = await ask();
    expect(describer.calls).toBe(1);
    expect(a.ok && b.ok && later.ok).toBe(true);
    if (!a.ok || !b.ok || !later.ok) return;
    expect(b.value.suggestions).toEqual(a.value.suggestions);
    expect([a.value.duplicate, b.value.duplicate, later.value.duplicate]).toEqual([false, true, true]);
    expect(await balance()).toBe(before - a.value.price);
    expect((await h.store.credits.list((await h.engine.resolve(h.actor())).workspace.id, 10)).filter((e) => e.kind === "charge")).toHaveLength(1);
  });

  it("a repeated delivery reaching another process is charged once (the ledger's dedupe key)", async () => {
    const before = await balance();
    expect((await ask()).ok).toBe(true);
    const other = new Engine({ ...h.options });
    const again = await other.describe({ actor: h.actor(), image: { kind: "url", url: `${files.origin}/photo.png` }, idempotencyKey: "evt-1", source: "discord" });
    expect(again).toMatchObject({ ok: true, value: { duplicate: true } });
    expect(await balance()).toBe(before - 1);
  });

  it("different events are different descriptions, each charged", async () => {
    const before = await balance();
    await ask({}, "evt-1");
    await ask({}, "evt-2");
    expect(describer.calls).toBe(2);
    expect(await balance()).toBe(before - 2);
  });

  it.each([
    ["a provider failure", new ProviderError("PROVIDER_UNAVAILABLE", "HTTP 503", { retryable: true, userMessage: "The image service is having problems right now." })],
    ["an unusable answer", new ProviderError("PROVIDER_BAD_RESPONSE", "not JSON", { retryable: true, userMessage: "The vision model sent back something that was not a usable list of prompts." })],
    ["an unexpected error", new Error("boom")],
  ])("%s is a DESCRIBE_FAILED refusal that charges nothing and says so", async (_label, failure) => {
    const before = await balance();
    describer.failWith = failure;
    const described = await ask();
    expect(described).toMatchObject({ ok: false, error: { code: "DESCRIBE_FAILED" } });
    if (described.ok) return;
    expect(described.error.message).toMatch(/Nothing was charged\.$/);
    expect(described.error.message).not.toContain("boom");
    expect(await balance()).toBe(before);
    // Failures are not remembered: pressing again after the service recovers works and charges.
    describer.failWith = null;
    expect((await ask()).ok).toBe(true);
    expect(await balance()).toBe(before - 1);
  });

  it.each([
    ["no such file", "/gone.png", /did not answer with an image/],
    ["not an image", "/page.html", /not a PNG, JPEG or WebP/],
    ["too large", "/huge.png", /larger than 10 MB/],
  ])("refuses an input image that is %s before calling the model, charging nothing", async (_label, path, words) => {
    const before = await balance();
    const described = await ask({ image: { kind: "url", url: `${files.origin}${path}` } });
    expect(described).toMatchObject({ ok: false, error: { code: "BAD_INPUT_IMAGE" } });
    if (!described.ok) expect(described.error.message).toMatch(words);
    expect(describer.calls).toBe(0);
    expect(await balance()).toBe(before);
  });

  it("refuses an unknown describe model, a banned member and a short balance before calling the model, charging nothing", async () => {
    const unknown = await ask({ model: "no-such-vision" });
    expect(unknown).toMatchObject({ ok: false, error: { code: "UNKNOWN_MODEL" } });
    if (!unknown.ok) expect(unknown.error.message).toMatch(/local-describe.*Nothing was charged\.$/);

    const { workspace, member } = await h.engine.resolve(h.actor());
    await h.store.credits.append({ workspaceId: workspace.id, kind: "adjustment", amount: -workspace.balance, reason: "spent", now: h.clock.now() });
    const poor = await ask({}, "evt-poor");
    expect(poor).toMatchObject({ ok: false, error: { code: "INSUFFICIENT_CREDITS" } });
    if (!poor.ok) expect(poor.error.message).toMatch(/Nothing was charged\.$/);

    await h.store.workspaces.updateMember(member.id, { banned: true });
    expect(await ask({}, "evt-banned")).toMatchObject({ ok: false, error: { code: "BANNED" } });
    expect(describer.calls).toBe(0);
    expect(await balance()).toBe(0);
  });
});
