import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { consoleActor } from "../../bots/console/console-actor.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import { imageHost } from "../support/image-host.ts";
import { consoleRunner } from "../support/console-runner.ts";

const png = encodedImage("png", 64, 64);
const files = imageHost({ "/photo.png": png }, "error-page");

describe("console /describe (offline: the local colour reader)", () => {
  let h: EngineHarness;
  const run = consoleRunner(() => h);
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: files.fetch() });
  });
  afterEach(() => h.cleanup());

  it("prints numbered suggestions, each with the /imagine line that runs it, and the line runs", async () => {
    const text = await run(`/describe ${files.origin}/photo.png`);
    expect(text).toMatch(/^4 prompt suggestions from Local colour reader \(not an AI model\) \(1 credit\)\./);
    const lines = text.split("\n").filter((l) => l.trim().startsWith("/imagine "));
    expect(lines).toHaveLength(4);
    expect(await run(lines[0]!.trim())).toMatch(/Queued/);
    expect((await h.engine.resolve(consoleActor())).workspace.balance).toBe(8);
  });

  it("describes one of Pixorly's own results by job id (offline, no public link), and refuses a missing image number for free", async () => {
    // The real offline renderer, as `npm start` has it: its PNGs are what the local describer reads.
    await h.cleanup();
    h = await engineHarness({ providers: new Map([["local", createLocalProvider()]]) });
    h.engine.start();
    const queued = await run("/imagine a red fox");
    const jobId = /\[(job_[A-Za-z0-9_]+)\]/.exec(queued)?.[1];
    if (!jobId) throw new Error(`no job id in ${queued}`);
    await h.settled(jobId);
    const balance = (await h.engine.resolve(consoleActor())).workspace.balance;
    expect(await run(`/describe ${jobId}`)).toMatch(/^4 prompt suggestions from Local colour reader/);
    expect((await h.engine.resolve(consoleActor())).workspace.balance).toBe(balance - 1);
    expect((await run(`/describe ${jobId}/3`)).trim()).toBe(`✗ Job ${jobId} has no image 3; it has 1. Nothing was charged.`);
    expect(await run("/describe job_nope")).toMatch(/^✗ No job job_nope/);
    expect((await h.engine.resolve(consoleActor())).workspace.balance).toBe(balance - 1);
  });

  it("a refusal is printed with ✗ and costs nothing", async () => {
    expect(await run(`/describe ${files.origin}/page.html`)).toMatch(/^✗ Pixorly could not use that image: it is not a PNG, JPEG or WebP image\. Nothing was charged\./);
    expect(await run("/describe")).toMatch(/^✗ \/describe needs an image/);
  });
});
