import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import { imageHost } from "../support/image-host.ts";
import { consoleRunner } from "../support/console-runner.ts";

/** Issue #19 in the console: `/imagine <prompt> --image <url>` and `/imagine <prompt> --remix <job>[/<n>]`. */
const png = encodedImage("png", 64, 48);
const files = imageHost({}, png);

describe("console: start from an image", () => {
  let h: EngineHarness;
  const run = consoleRunner(() => h);
  const jobIdOf = (text: string) => /\[(job_[A-Za-z0-9]+)\]/.exec(text)?.[1];
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: files.fetch() });
    h.engine.start();
  });
  afterEach(() => h.cleanup());

  it("/imagine --image <url> queues a job that starts from the image; --remix <job>/<n> starts from that result", async () => {
    const first = jobIdOf(await run(`/imagine a fox --image ${files.origin}/photo.png --strength 0.3`));
    expect(first).toBeDefined();
    const job = await h.settled(first!);
    expect(job).toMatchObject({ status: "completed", strength: 0.3 });
    expect(job.inputImageKey).not.toBeNull();

    const remixed = jobIdOf(await run(`/imagine --remix ${first}/1 the same fox at night`));
    expect(remixed).toBeDefined();
    const remix = await h.settled(remixed!);
    expect(remix).toMatchObject({ status: "completed", parentJobId: first, prompt: "the same fox at night", model: job.model });
    const [result] = await h.store.images.listForJob(first!);
    expect((await h.storage.get(remix.inputImageKey!))?.bytes).toEqual((await h.storage.get(result!.storageKey))?.bytes);
  });

  it("refuses --image with --remix, and a remix of an image the job does not have, in words", async () => {
    expect(await run(`/imagine x --image ${files.origin}/a.png --remix job_1`)).toMatch(/either --image or --remix, not both/);
    const first = jobIdOf(await run("/imagine a fox"));
    await h.settled(first!);
    expect(await run(`/imagine x --remix ${first}/3`)).toMatch(/has no image 3; it has 1/);
  });
});
