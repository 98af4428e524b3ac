import { afterEach, describe, expect, it } from "vitest";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { APP_ID, slashCommand } from "./interactions.ts";

/**
 * Live queue positions through the real Discord edge: the engine re-renders waiting jobs
 * through the DiscordNotifier, which edits each interaction's original reply (fake Discord on
 * 127.0.0.1 as the network edge).
 */
describe("Discord: queue positions move", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("waiting jobs' replies are edited to their current queue position when a job ahead is claimed, by any process", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const interactions = ["401", "402", "403"].map((u) => slashCommand("imagine", { prompt: `a fox ${u}` }, { userId: `400000000000000${u}` }));
    const replies = [];
    for (const interaction of interactions) replies.push((await d.send(interaction)).data?.content);
    expect(replies).toEqual(["Queued — position 1, costs 1 credit", "Queued — position 2, costs 1 credit", "Queued — position 3, costs 1 credit"]);

    // A worker in another process takes the first job.
    const claimed = await d.h.store.jobs.claim({ workerId: "other-process", now: d.h.clock.now(), leaseMs: 60_000, providers: ["local"], maxRunningPerMember: () => 1 });
    expect(claimed?.job.prompt).toBe("a fox 401");
    d.h.clock.advance(d.h.options.positionUpdateIntervalMs);
    await d.h.engine.positions.refresh();
    await d.h.engine.delivery.idle();

    const edits = (token: string) =>
      d.fake.calls.filter((c) => c.method === "PATCH" && c.path === `/webhooks/${APP_ID}/${token}/messages/@original`).map((c) => c.body?.content);
    expect(edits(interactions[0]!.token)).toEqual([]);
    expect(edits(interactions[1]!.token)).toEqual(["Queued — position 1"]);
    expect(edits(interactions[2]!.token)).toEqual(["Queued — position 2"]);

    // Nothing moved since: no further edits, however many passes run.
    d.h.clock.advance(d.h.options.positionUpdateIntervalMs);
    await d.h.engine.positions.refresh();
    await d.h.engine.delivery.idle();
    expect(edits(interactions[2]!.token)).toEqual(["Queued — position 2"]);
  });
});
