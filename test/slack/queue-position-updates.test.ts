import { afterEach, describe, expect, it } from "vitest";
import { slackHarness, type SlackHarness } from "./slack-harness.ts";

/**
 * Live queue positions through the real Slack edge: the engine re-renders waiting jobs through
 * the SlackNotifier, which chat.updates each job's channel message in the channel's pace (fake
 * Slack on 127.0.0.1 as the network edge).
 */
describe("Slack: queue positions move", () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("waiting jobs' messages are updated to their current queue position when a job ahead is claimed, by any process", async () => {
    h = await slackHarness({ workers: false });
    for (const user of ["U0ALICE", "U0BOB", "U0CAROL"]) expect((await h.slash("/imagine", `a fox for ${user}`, { user })).status).toBe(200);
    await h.fake.waitFor(() => h!.fake.callsTo("chat.postMessage")[2]);
    const jobs = (await h.jobs()).reverse();
    expect(jobs.map((j) => j.prompt)).toEqual(["a fox for U0ALICE", "a fox for U0BOB", "a fox for U0CAROL"]);
    // Each post's message ts is recorded on its job (the message the updates edit).
    const messageTs: string[] = [];
    for (const job of jobs) {
      const posted = await h.jobMatching((j) => j.id === job.id && typeof j.replyTarget?.messageTs === "string");
      messageTs.push(String(posted.replyTarget!.messageTs));
    }

    // A worker in another process takes the first job.
    const engine = h.engine;
    const claimed = await h.store.jobs.claim({ workerId: "other-process", now: h.clock.now(), leaseMs: 60_000, providers: ["local"], maxRunningPerMember: () => 1 });
    expect(claimed?.job.id).toBe(jobs[0]!.id);
    h.clock.advance(h.engineOptions.positionUpdateIntervalMs);
    await engine.positions.refresh();
    await engine.delivery.idle();

    const updatesOf = (i: number) => h!.fake.callsTo("chat.update").filter((c) => c.args.ts === messageTs[i]);
    const second = await h.fake.waitFor(() => updatesOf(1)[0]);
    const third = await h.fake.waitFor(() => updatesOf(2)[0]);
    expect(second.args.text).toBe("Queued — position 1: a fox for U0BOB");
    expect(third.args.text).toBe("Queued — position 2: a fox for U0CAROL");
    expect(updatesOf(0)).toEqual([]);
  });

  it("a job living in a response_url gets no position updates: Slack allows a response_url five uses in 30 minutes", async () => {
    h = await slackHarness({ workers: false, notInChannels: ["C0SECRET"] });
    for (const user of ["U0ALICE", "U0BOB", "U0CAROL"]) {
      expect((await h.slash("/imagine", `a fox for ${user}`, { user, channel: "C0SECRET", responseId: user })).status).toBe(200);
    }
    await h.fake.waitFor(() => ["U0ALICE", "U0BOB", "U0CAROL"].every((id) => h!.fake.responses.some((r) => r.id === id)));
    const used = () => h!.fake.responses.length;
    const before = used();

    const engine = h.engine;
    expect(await h.store.jobs.claim({ workerId: "other-process", now: h.clock.now(), leaseMs: 60_000, providers: ["local"], maxRunningPerMember: () => 1 })).not.toBeNull();
    h.clock.advance(h.engineOptions.positionUpdateIntervalMs);
    await engine.positions.refresh();
    await engine.delivery.idle();
    // The positions did move (the store says so), yet no response_url was spent on them.
    const waiting = (await h.jobs()).filter((j) => j.status === "pending");
    expect(await Promise.all(waiting.map((j) => h!.store.jobs.position(j.id)))).toEqual([2, 1]);
    await new Promise((r) => setTimeout(r, 100));
    expect(used()).toBe(before);
    expect(h.fake.callsTo("chat.update")).toEqual([]);
  });
});
