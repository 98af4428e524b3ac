import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { GenerateInput } from "../../core/ports/image-provider.ts";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import type { SlackCall } from "./fake-slack.ts";
import { CHANNEL, slackHarness, type SlackHarness } from "./slack-harness.ts";

const INTERVAL = 300;
/**
 * Calls are stamped when the fake receives them; the pacer spaces their starts, so allow for
 * transit. One call's trip can be slower than the next's by tens of milliseconds when the whole
 * suite runs at once on two cores (a CI run saw 47 ms); unpaced calls would be a few ms apart,
 * so 100 ms of allowance still tells pacing from none.
 */
const TRANSIT = 100;
const OTHER = "C0RANDOM";

/** A generation that takes a moment, so each job shows "processing" before its final state. */
async function slowImage(input: GenerateInput) {
  await sleep(120);
  return { images: [{ bytes: FAKE_PNG, contentType: "image/png" as const, width: input.width, height: input.height }], costUsd: 0.01 };
}

const messageCalls = (h: SlackHarness, channel: string): SlackCall[] =>
  h.fake.calls.filter((c) => (c.method === "chat.postMessage" || c.method === "chat.update") && c.args.channel === channel).sort((a, b) => a.at - b.at);

describe("Slack messages are paced per channel", () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("spaces one channel's posts and updates by the interval, leaves another channel alone, and delivers every final state", async () => {
    h = await slackHarness({ publicImages: true, channelIntervalMs: INTERVAL });
    h.provider.script(slowImage);

    for (const prompt of ["a red fox", "a blue heron", "a green frog"]) expect((await h.slash("/imagine", prompt)).status).toBe(200);
    const otherAsked = Date.now();
    expect((await h.slash("/imagine", "a lone wolf", { channel: OTHER })).status).toBe(200);

    // /imagine submits before it acks, so the jobs exist by now.
    const jobs = await h.jobs();
    expect(jobs).toHaveLength(4);
    for (const job of jobs) await h.settled(job.id);
    // Every job's message ends on its final state, however many of its updates were coalesced.
    const finished = await h.fake.waitFor(() => {
      const messages = [...h!.fake.messages.values()];
      return messages.length === 4 && messages.every((m) => m.text.startsWith("Done")) ? messages : null;
    }, 10_000);
    for (const job of jobs) expect(finished.some((m) => JSON.stringify(m.blocks).includes(job.id))).toBe(true);

    const busy = messageCalls(h, CHANNEL);
    expect(busy.filter((c) => c.method === "chat.postMessage")).toHaveLength(3);
    expect(busy.filter((c) => c.method === "chat.update").length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < busy.length; i++) expect(busy[i]!.at - busy[i - 1]!.at).toBeGreaterThanOrEqual(INTERVAL - TRANSIT);

    // The other channel did not queue behind the busy one: its post went out at once, and its
    // final state landed while the busy channel was still working through its updates.
    const quiet = messageCalls(h, OTHER);
    expect(quiet[0]!.method).toBe("chat.postMessage");
    expect(quiet[0]!.at - otherAsked).toBeLessThan(INTERVAL);
    expect(quiet.at(-1)!.method).toBe("chat.update");
    expect(quiet.at(-1)!.at).toBeLessThan(busy.at(-1)!.at);
  });

  it("Slack answers 429 with Retry-After: the channel's next call waits as long as Slack said, and the final state still lands", async () => {
    h = await slackHarness({ channelIntervalMs: 50 });
    h.fake.rateLimit("chat.update", 1);
    expect((await h.slash("/imagine", "a patient tortoise")).status).toBe(200);
    const [job] = await h.jobs();
    await h.settled(job!.id);
    const done = await h.fake.waitFor(() => [...h!.fake.messages.values()].find((m) => m.text.startsWith("Done")), 10_000);
    expect(JSON.stringify(done.blocks)).toContain(job!.id);

    const calls = messageCalls(h, CHANNEL);
    const limited = calls.findIndex((c) => c.answer?.status === 429);
    expect(limited).toBeGreaterThan(0);
    // Retry-After: 1 (second): nothing went to the channel before it passed.
    expect(calls[limited + 1]!.at - calls[limited]!.at).toBeGreaterThanOrEqual(1_000 - TRANSIT);
  });

  it("Slack allows short bursts: with a burst of 3, three jobs' first posts in one channel go out back to back", async () => {
    h = await slackHarness({ channelIntervalMs: INTERVAL, channelBurst: 3, workers: false });
    await Promise.all(["one", "two", "three"].map((p) => h!.slash("/imagine", `a ${p}`)));
    const posts = await h.fake.waitFor(() => {
      const found = messageCalls(h!, CHANNEL).filter((c) => c.method === "chat.postMessage");
      return found.length === 3 ? found : null;
    });
    // Paced at one per interval, the third would come two intervals after the first.
    expect(posts[2]!.at - posts[0]!.at).toBeLessThan(INTERVAL);
  });
});
