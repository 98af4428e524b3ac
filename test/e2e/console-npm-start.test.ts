import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dimensionsFor } from "../../core/domain/aspect-ratios.ts";
import { tempDir } from "../support/temp-dir.ts";
import { collect, productEnv, runNpmStart, startHeadless, waitForLog } from "./run-npm-start.ts";

/** Reads width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("npm start, as a new user runs it", () => {
  const dir = tempDir("pixorly-e2e-");
  afterAll(() => dir.remove());

  let first: Awaited<ReturnType<typeof runNpmStart>>;
  beforeAll(async () => {
    first = await runNpmStart("/imagine a red fox --ar 16:9\n/credits\n/imagine   \n/frobnicate\n", productEnv(dir.path));
  }, 90_000);

  it("runs every piped line, waits for the job, prints the image and exits 0", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Queued — position 1, costs 1 credit/);
    expect(first.stdout).toMatch(/Done in [\d.]+s — 1 credit/);
    expect(first.stdout).toMatch(/Local console: FREE plan, 9 credits left/);
    // A rejection is handled: it says why and charges nothing.
    expect(first.stdout).toMatch(/✗ \/imagine needs a prompt/);
    expect(first.stdout).toMatch(/✗ Unknown command "\/frobnicate"/);
  });

  it("writes a real PNG to disk in the requested aspect ratio and prints its URL and path", () => {
    const url = /http:\/\/localhost:\d+\/images\/\S+\.png/.exec(first.stdout)?.[0];
    const path = /^\s+(\/\S+\.png)$/m.exec(first.stdout)?.[1];
    expect(url).toBeDefined();
    expect(path).toBeDefined();
    expect(path!.startsWith(dir.path)).toBe(true);
    expect(existsSync(path!)).toBe(true);
    // The local renderer draws at ~512x512 pixels, both sides snapped to multiples of 64.
    expect(pngSize(readFileSync(path!))).toEqual(dimensionsFor("16:9", 512));
  });

  it("keeps logs off stdout and secrets out of logs", () => {
    expect(first.stdout).not.toMatch(/"level"/);
    expect(first.stderr).toMatch(/"msg":"Pixorly is up"/);
  });

  it("remembers spent credits across runs with the same DATA_DIR", async () => {
    const second = await runNpmStart("/credits\n", productEnv(dir.path));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/FREE plan, 9 credits left/);
  }, 60_000);

  it("exits non-zero when the wait for its jobs runs out", async () => {
    const slow = tempDir("pixorly-e2e-wait-");
    try {
      // Workers off: the job can never run, so the bounded wait must end the run.
      const run = await runNpmStart("/imagine waits forever\n", productEnv(slow.path, { WORKERS: "false", CONSOLE_WAIT_MS: "1000" }));
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/Gave up after 1s waiting for job_/);
    } finally {
      slow.remove();
    }
  }, 60_000);

  it("stops with a message naming the variable when the configuration is wrong", async () => {
    const run = await runNpmStart("", productEnv(dir.path, { PORT: "eighty", SLACK_BOT_TOKEN: "xoxb-1-2-3" }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/PORT="eighty"/);
    expect(run.stderr).not.toMatch(/xoxb-1-2-3/);
  }, 60_000);

  it("runs headless with stdin on /dev/null, serves /healthz and stops cleanly on SIGTERM", async () => {
    const headless = tempDir("pixorly-e2e-headless-");
    const child = startHeadless(productEnv(headless.path));
    try {
      const up = await waitForLog(child, (l) => typeof l.msg === "string" && l.msg.startsWith("front ends on"));
      expect(up.frontEnds).toEqual(["http"]);
      const health = await fetch(`${String(up.url)}/healthz`);
      expect(health.status).toBe(200);
      const exited = collect(child, 30_000);
      child.kill("SIGTERM");
      expect((await exited).code).toBe(0);
    } finally {
      child.kill("SIGKILL");
      headless.remove();
    }
  }, 60_000);
});
