import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { consoleActor } from "../../bots/console/console-actor.ts";
import { handleConsoleLine } from "../../bots/console/handle-console-line.ts";
import { createLocalProvider } from "../../core/providers/local/local-provider.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage, HTML_ERROR_PAGE, startFakeServer } from "../unit/providers/fixtures.ts";

const png = encodedImage("png", 64, 64);
let files: Awaited<ReturnType<typeof startFakeServer>>;
beforeAll(async () => {
  files = await startFakeServer((request, response) => {
    if (request.url === "/photo.png") return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png));
    return response.writeHead(200, { "content-type": "text/html" }).end(Buffer.from(HTML_ERROR_PAGE));
  });
});
afterAll(() => files.close());

describe("console /describe (offline: the local colour reader)", () => {
  let h: EngineHarness;
  const out: string[] = [];
  const run = async (line: string) => {
    out.length = 0;
    await handleConsoleLine({ engine: h.engine, storage: h.storage, write: (t) => out.push(t), track: () => {} }, line);
    return out.join("");
  };
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: createSafeImageFetch({ allowHosts: [files.host], allowHttp: true }) });
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
