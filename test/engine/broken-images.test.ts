import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProviderId } from "../../core/domain/models.ts";
import type { ImageProvider } from "../../core/ports/image-provider.ts";
import { createOpenAiProvider } from "../../core/providers/openai/openai-provider.ts";
import { createOpenRouterProvider } from "../../core/providers/openrouter/openrouter-provider.ts";
import { createSdWebUiProvider } from "../../core/providers/sd-webui/sd-webui-provider.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";
import { base64, noisyImage, startFakeServer } from "../unit/providers/fixtures.ts";

/**
 * Fault injection at the network edge: fake provider servers on 127.0.0.1 answer with images
 * that are cut off at 60%, larger than the cap, or corrupt (one flipped bit), through every way
 * an image reaches us (base64, data URL, download). Each job must end failed and refunded, with
 * nothing stored and nothing charged; a whole image through the same path completes, so the
 * fake and the harness are proven able to succeed.
 */
const MAX_IMAGE_BYTES = 64 * 1024;
const whole = noisyImage("png", 64, 48);
const oversized = noisyImage("png", 320, 240);
const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
const corrupt = whole.slice();
corrupt[Buffer.from(whole).indexOf("IDAT") + 50]! ^= 0x04;
const FAULTS = { cut, oversized, corrupt } as const;
type Fault = keyof typeof FAULTS | "whole";
const bytesFor = (fault: Fault) => (fault === "whole" ? whole : FAULTS[fault]);

type Path = "openrouter data URL" | "openrouter download" | "openai b64_json" | "openai download" | "sd-webui base64";
const PATHS: { path: Path; provider: ProviderId; model: string }[] = [
  { path: "openrouter data URL", provider: "openrouter", model: "google/gemini-2.5-flash-image" },
  { path: "openrouter download", provider: "openrouter", model: "google/gemini-2.5-flash-image" },
  { path: "openai b64_json", provider: "openai", model: "gpt-image-1" },
  { path: "openai download", provider: "openai", model: "gpt-image-1" },
  { path: "sd-webui base64", provider: "sd-webui", model: "stable-diffusion" },
];

/** What the fake servers answer next: set by each test before it submits. */
const current: { path: Path; fault: Fault } = { path: "openai b64_json", fault: "whole" };
let server: Awaited<ReturnType<typeof startFakeServer>>;
let h: EngineHarness;
const tally = { faults: 0, jobs: 0, lost: 0, doubleCharged: 0, chargedButBroken: 0, leakedFiles: 0 };

beforeAll(async () => {
  server = await startFakeServer((request, response) => {
    const bytes = bytesFor(current.fault);
    const json = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    const link = `${server.origin}/image.png`;
    if (request.url === "/image.png") return response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(bytes));
    if (request.url === "/openrouter/chat/completions") {
      const url = current.path === "openrouter download" ? link : `data:image/png;base64,${base64(bytes)}`;
      return json({ choices: [{ finish_reason: "stop", message: { content: "", images: [{ image_url: { url } }] } }] });
    }
    if (request.url === "/openai/images/generations") {
      return json({ data: [current.path === "openai download" ? { url: link } : { b64_json: base64(bytes) }] });
    }
    if (request.url === "/sdapi/v1/txt2img") return json({ images: [base64(bytes)] });
    response.writeHead(404).end();
  });
  const imageFetch = createSafeImageFetch({ allowHosts: [server.host], allowHttp: true, maxBytes: MAX_IMAGE_BYTES });
  const common = { maxImageBytes: MAX_IMAGE_BYTES, timeoutMs: 5_000 };
  const providers = new Map<ProviderId, ImageProvider>([
    ["openrouter", createOpenRouterProvider({ ...common, apiKey: "k", baseUrl: `${server.origin}/openrouter`, imageFetch })],
    ["openai", createOpenAiProvider({ ...common, apiKey: "k", baseUrl: `${server.origin}/openai`, imageFetch })],
    ["sd-webui", createSdWebUiProvider({ ...common, baseUrl: server.origin })],
  ]);
  h = await engineHarness(
    {
      providers,
      // Real time and near-zero backoff: every retry runs at once, so three attempts take milliseconds.
      clock: { now: () => Date.now() },
      retryPolicy: { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 1, base: 1 },
    },
    ["openrouter", "openai", "sd-webui"],
  );
  h.engine.start();
});

afterAll(async () => {
  await h.cleanup();
  await server.close();
  // For the README's reliability figures.
  console.info(`broken-image faults: ${JSON.stringify(tally)}`);
});

function storedFiles(): string[] {
  const root = join(h.options.storage.localPath!("x/y.png"), "..", "..");
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  try {
    return walk(root);
  } catch {
    return [];
  }
}

async function run(path: Path, fault: Fault, workspace: string) {
  current.path = path;
  current.fault = fault;
  const model = PATHS.find((p) => p.path === path)!.model;
  const before = storedFiles().length;
  const submitted = await imagine(h, `${fault} via ${path}`, { model, workspace });
  if (!submitted.ok) throw new Error(submitted.error.message);
  const job = await h.settled(submitted.value.job.id);
  const ws = await h.store.workspaces.findByExternal("discord", workspace);
  const images = await h.store.images.listForJob(job.id);
  return { job, balance: ws!.balance, images, newFiles: storedFiles().length - before };
}

describe("broken images from every provider kind end failed, refunded and unstored", () => {
  let n = 0;
  for (const { path } of PATHS) {
    for (const fault of Object.keys(FAULTS) as (keyof typeof FAULTS)[]) {
      it(`${fault} image via ${path}: failed after retries, refunded, nothing stored`, async () => {
        const result = await run(path, fault, `broken-${n++}`);
        tally.faults += result.job.attempts;
        tally.jobs += 1;
        if (!["completed", "failed"].includes(result.job.status)) tally.lost += 1;
        if (result.job.creditsCharged - result.job.creditsRefunded > 0) tally.chargedButBroken += 1;
        tally.leakedFiles += result.newFiles;
        expect(result.job).toMatchObject({ status: "failed", errorCode: "PROVIDER_BAD_RESPONSE", attempts: 3 });
        expect(result.job.creditsCharged).toBeGreaterThan(0);
        expect(result.job.creditsRefunded).toBe(result.job.creditsCharged);
        expect(result.balance).toBe(10);
        expect(result.images).toHaveLength(0);
        expect(result.newFiles).toBe(0);
      });
    }
    it(`a whole image via ${path} completes and is charged once (control)`, async () => {
      const result = await run(path, "whole", `whole-${n++}`);
      tally.jobs += 1;
      const price = (await h.store.workspaces.findByExternal("discord", "fresh"))?.balance ?? 10;
      if (10 - result.balance > result.job.creditsCharged) tally.doubleCharged += 1;
      expect(result.job).toMatchObject({ status: "completed", attempts: 1, creditsRefunded: 0 });
      expect(result.balance).toBe(price - result.job.creditsCharged);
      expect(result.images).toHaveLength(1);
      expect(result.newFiles).toBe(1);
    });
  }
});
