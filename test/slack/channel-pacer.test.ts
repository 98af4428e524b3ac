import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChannelPacer, type PacerClock } from "../../bots/slack/channel-pacer.ts";

const INTERVAL = 1_000;

/** The pacer on vitest's fake timers, injected explicitly. */
const fakeClock: PacerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

describe("per-channel pacer", () => {
  let pacer: ChannelPacer;
  let start: number;
  let sent: { label: string; at: number }[];
  const send = (label: string) => async () => void sent.push({ label, at: Date.now() - start });

  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
    sent = [];
    pacer = new ChannelPacer(INTERVAL, fakeClock);
  });
  afterEach(() => {
    pacer.stop();
    vi.useRealTimers();
  });

  it("starts one call per channel per interval and sends only a job's newest held update", async () => {
    const first = pacer.update("C1", "job-a", false, send("a processing"));
    const stale = pacer.update("C1", "job-b", false, send("b position 2"));
    await vi.advanceTimersByTimeAsync(0);
    await first;
    const newest = pacer.update("C1", "job-b", false, send("b position 1"));
    // The replaced update is settled at once: its state will never be shown.
    await expect(stale).resolves.toBeUndefined();
    pacer.update("C1", "job-a", false, send("a retrying")).catch(() => undefined);

    await vi.advanceTimersByTimeAsync(999);
    expect(sent.map((s) => s.label)).toEqual(["a processing"]);
    await vi.advanceTimersByTimeAsync(1);
    await newest;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(sent).toEqual([
      { label: "a processing", at: 0 },
      // job-b asked first and keeps its place although its update was replaced.
      { label: "b position 1", at: 1_000 },
      { label: "a retrying", at: 2_000 },
    ]);
  });

  it("never drops a final state: later progress of the job does not replace it, and its caller waits for the send", async () => {
    pacer.update("C1", "other", false, send("other processing")).catch(() => undefined);
    let finalDone = false;
    const final = pacer.update("C1", "job", true, send("job completed")).then(() => (finalDone = true));
    const late = pacer.update("C1", "job", false, send("job processing (stale)"));
    await expect(late).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(500);
    expect(finalDone).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await final;
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(sent.map((s) => s.label)).toEqual(["other processing", "job completed"]);
  });

  it("a newer final state replaces a held one, and both callers resolve when it is sent", async () => {
    pacer.update("C1", "other", false, send("other")).catch(() => undefined);
    const first = pacer.update("C1", "job", true, send("completed"));
    const second = pacer.update("C1", "job", true, send("completed, images deleted"));
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await Promise.all([first, second]);
    expect(sent.map((s) => s.label)).toEqual(["other", "completed, images deleted"]);
  });

  it("sends a new post before the channel's held updates, and returns what the post returned", async () => {
    pacer.update("C1", "a", false, send("a 1")).catch(() => undefined);
    pacer.update("C1", "a", false, send("a 2")).catch(() => undefined);
    pacer.update("C1", "b", false, send("b 1")).catch(() => undefined);
    const posted = pacer.post("C1", async () => {
      sent.push({ label: "queued post", at: Date.now() - start });
      return { ts: "1.2" };
    });
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await expect(posted).resolves.toEqual({ ts: "1.2" });
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(sent).toEqual([
      { label: "a 1", at: 0 },
      { label: "queued post", at: 1_000 },
      { label: "a 2", at: 2_000 },
      { label: "b 1", at: 3_000 },
    ]);
  });

  it("does not make one channel wait for another", async () => {
    for (const job of ["a", "b", "c"]) pacer.update("C1", job, false, send(`C1 ${job}`)).catch(() => undefined);
    const other = pacer.update("C2", "x", true, send("C2 x"));
    const otherPost = pacer.post("C2", send("C2 post"));
    await vi.advanceTimersByTimeAsync(0);
    await other;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await otherPost;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(sent.filter((s) => s.label.startsWith("C2"))).toEqual([
      { label: "C2 x", at: 0 },
      { label: "C2 post", at: 1_000 },
    ]);
    expect(sent.filter((s) => s.label.startsWith("C1")).map((s) => s.at)).toEqual([0, 1_000, 2_000]);
  });

  it("runs a channel's calls one after another: a slow call holds the next past the interval", async () => {
    void pacer.update("C1", "slow", false, async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      sent.push({ label: "slow done", at: Date.now() - start });
    });
    const next = pacer.update("C1", "next", false, send("next"));
    await vi.advanceTimersByTimeAsync(2_500);
    await next;
    expect(sent).toEqual([
      { label: "slow done", at: 2_500 },
      { label: "next", at: 2_500 },
    ]);
  });

  it("rejects the caller of a failed call and goes on with the channel", async () => {
    const failed = pacer.update("C1", "a", true, () => Promise.reject(new Error("channel_not_found")));
    const thrown = pacer.post("C1", () => {
      throw new Error("sync throw");
    });
    const after = pacer.update("C1", "b", true, send("b"));
    const thrownChecked = expect(thrown).rejects.toThrow("sync throw");
    await expect(failed).rejects.toThrow("channel_not_found");
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await thrownChecked;
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await after;
    expect(sent).toEqual([{ label: "b", at: 2_000 }]);
  });

  it("forgets a channel once nothing is held and its interval has passed", async () => {
    await Promise.all([pacer.update("C1", "a", true, send("a")), pacer.post("C2", send("b"))]);
    expect(pacer.trackedChannels).toBe(2);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(pacer.trackedChannels).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    // Forgotten after its interval, the channel sends at once again.
    await pacer.update("C1", "a", true, send("a again"));
    expect(sent.at(-1)).toEqual({ label: "a again", at: INTERVAL });
  });

  it("stop drops what was not sent: its callers reject, and later calls are refused", async () => {
    await pacer.update("C1", "a", false, send("a"));
    const held = pacer.update("C1", "b", true, send("b"));
    const post = pacer.post("C1", send("post"));
    pacer.stop();
    await expect(held).rejects.toThrow(/stopped/);
    await expect(post).rejects.toThrow(/stopped/);
    await expect(pacer.update("C3", "c", true, send("c"))).rejects.toThrow(/stopped/);
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(sent.map((s) => s.label)).toEqual(["a"]);
    expect(pacer.trackedChannels).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("Slack allows short bursts: a quiet channel sends `burst` calls back to back, then one per interval, and refills while quiet", async () => {
    pacer.stop();
    pacer = new ChannelPacer(INTERVAL, fakeClock, { burst: 3 });
    const calls = ["p1", "p2", "p3", "p4", "p5"].map((label) => pacer.post("C1", send(label)));
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    await Promise.all(calls);
    expect(sent).toEqual([
      { label: "p1", at: 0 },
      { label: "p2", at: 0 },
      { label: "p3", at: 0 },
      { label: "p4", at: INTERVAL },
      { label: "p5", at: 2 * INTERVAL },
    ]);
    // Quiet for three intervals: a full burst again.
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    const at = Date.now() - start;
    await Promise.all(["q1", "q2", "q3"].map((label) => pacer.post("C1", send(label))));
    expect(sent.slice(-3).map((s) => s.at)).toEqual([at, at, at]);
  });

  it("bounded held calls: beyond maxHeldProgress the oldest progress update is shed and reported; first posts and final states are never dropped", async () => {
    pacer.stop();
    const reports: Map<string, number>[] = [];
    pacer = new ChannelPacer(INTERVAL, fakeClock, { maxHeldProgress: 2, onShed: (shed) => reports.push(new Map(shed)) });
    const done: Promise<unknown>[] = [pacer.post("C1", send("post job1"))];
    // The channel is now busy for an interval: everything below is held.
    for (let job = 1; job <= 5; job++) done.push(pacer.update("C1", `job${job}`, false, send(`progress job${job}`)));
    done.push(pacer.update("C1", "job6", true, send("final job6")));
    done.push(pacer.post("C1", send("post job7")));
    done.push(pacer.update("C1", "job1", true, send("final job1")));
    await vi.advanceTimersByTimeAsync(20 * INTERVAL);
    await Promise.all(done);
    const labels = sent.map((s) => s.label);
    // Posts first, then held updates in the order their jobs first asked; job1..3's progress was shed.
    expect(labels).toEqual(["post job1", "post job7", "progress job4", "progress job5", "final job6", "final job1"]);
    expect(reports).toEqual([new Map([["C1", 3]])]);
  });
});
