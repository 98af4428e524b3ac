import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { startFakeDiscord, type FakeDiscord } from "../discord/fake-discord.ts";
import { APP_ID, BOT_TOKEN, GUILD_ID, signedHeaders, slashCommand } from "../discord/interactions.ts";
import { slackHarness, TEAM, type SlackHarness } from "./slack-harness.ts";

/**
 * One engine, one store, two edges on one HTTP server: a job from Slack and one from Discord
 * take the same core path (submit, charge, worker, images, delivery to their own notifier).
 */
describe("Slack and Discord on one core", () => {
  let h: SlackHarness;
  let discord: FakeDiscord;
  let stopDiscord: () => Promise<void>;
  const keys = generateKeyPairSync("ed25519");

  beforeEach(async () => {
    h = await slackHarness();
    discord = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN });
    const edge = await startDiscord({
      config: {
        DISCORD_API_URL: discord.apiUrl,
        DISCORD_TOKEN: BOT_TOKEN,
        DISCORD_PUBLIC_KEY: keys.publicKey.export({ format: "der", type: "spki" }).subarray(-32).toString("hex"),
        DISCORD_APPLICATION_ID: APP_ID,
      },
      engine: h.engine,
      storage: h.storage,
      http: h.http,
      logger: h.logger,
      publicUrl: () => h.base,
    });
    stopDiscord = () => edge!.stop();
  });
  afterEach(async () => {
    await stopDiscord();
    await h.cleanup();
    await discord.close();
  });

  it("queues, charges, runs and delivers both through the same store", async () => {
    expect((await h.slash("/imagine", "a fox from Slack")).status).toBe(200);
    const interaction = slashCommand("imagine", { prompt: "a fox from Discord" });
    const body = JSON.stringify(interaction);
    const res = await fetch(`${h.base}/discord/interactions`, { method: "POST", headers: signedHeaders(keys.privateKey, body), body });
    expect(res.status).toBe(200);
    discord.replied(interaction.token);

    const slackWs = (await h.store.workspaces.findByExternal("slack", TEAM))!;
    const discordWs = (await h.store.workspaces.findByExternal("discord", GUILD_ID))!;
    const [slackJob] = await h.store.jobs.list({ workspaceId: slackWs.id, limit: 5 });
    const [discordJob] = await h.store.jobs.list({ workspaceId: discordWs.id, limit: 5 });
    expect(slackJob).toMatchObject({ source: "slack", prompt: "a fox from Slack", channelKey: expect.stringMatching(/^slack:/) });
    expect(discordJob).toMatchObject({ source: "discord", prompt: "a fox from Discord", channelKey: expect.stringMatching(/^discord:/) });

    for (const job of [slackJob!, discordJob!]) {
      expect((await h.settled(job.id)).status).toBe("completed");
      expect(await h.store.images.listForJob(job.id)).toHaveLength(1);
      expect((await h.store.credits.list(job.workspaceId, 10)).filter((e) => e.kind === "charge" && e.jobId === job.id)).toHaveLength(1);
    }
    // Each result went back through its own platform's notifier.
    await h.fake.waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith("Done")));
    await discord.waitFor((c) => c.method === "PATCH" && c.path.includes(interaction.token) && String(c.body?.content ?? "").startsWith("Done"));
  });
});
