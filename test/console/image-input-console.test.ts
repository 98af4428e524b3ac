import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { handleConsoleLine } from "../../bots/console/handle-console-line.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage, startFakeServer } from "../unit/providers/fixtures.ts";

/** Issue #19 in the console: `/imagine <prompt> --image <url>` and `/imagine <prompt> --remix <job>[/<n>]`. */
const png = encodedImage("png", 64, 48);
let files: Awaited<ReturnType<typeof startFakeServer>>;
beforeAll(async () => {
  files = await startFakeServer((_request, response) => response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png)));
});
afterAll(() => files.close());

describe("console: start from an image", () => {
  let h: EngineHarness;
  const out: string[] = [];
  const run = async (line: string) => {
    out.length = 0;
    await handleConsoleLine({ engine: h.engine, storage: h.storage, write: (t) => out.push(t), track: () => {} }, line);
    return out.join("");
  };
  const jobIdOf = (text: string) => /\[(job_[A-Za-z0-9]+)\]/.exec(text)?.[1];
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: createSafeImageFetch({ allowHosts: [files.host], allowHttp: true }) });
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
