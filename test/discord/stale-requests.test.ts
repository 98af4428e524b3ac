import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType } from "discord.js";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { signedHeaders, slashCommand } from "./interactions.ts";

const seconds = (offsetMs: number) => String(Math.floor((Date.now() + offsetMs) / 1000));

describe("Platform rule: Discord HTTP interactions are refused when their timestamp is more than 5 minutes from now", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("refuses a correctly signed request an hour old (401), costs nothing and calls nothing", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const body = JSON.stringify(slashCommand("imagine", { prompt: "a replayed lighthouse" }));
    const res = await d.post(body, signedHeaders(d.keys.privateKey, body, seconds(-60 * 60_000)));
    expect(res.status).toBe(401);
    expect(await d.workspace()).toBeNull();
    expect(d.fake.calls).toEqual([]);
  });

  it("refuses a correctly signed request stamped 10 minutes in the future (401)", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const body = JSON.stringify(slashCommand("imagine", { prompt: "a lighthouse from the future" }));
    const res = await d.post(body, signedHeaders(d.keys.privateKey, body, seconds(10 * 60_000)));
    expect(res.status).toBe(401);
    expect(await d.workspace()).toBeNull();
  });

  it("refuses timestamps that are not Unix seconds (401)", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const body = JSON.stringify(slashCommand("help"));
    for (const timestamp of [`${seconds(0)}.5`, "1e9", "-1", "abc", String(Date.now())]) {
      expect((await d.post(body, signedHeaders(d.keys.privateKey, body, timestamp))).status, timestamp).toBe(401);
    }
  });

  it("accepts a fresh request, and one 4 minutes either side of now (clock skew)", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    for (const offset of [0, -4 * 60_000, 4 * 60_000]) {
      const body = JSON.stringify(slashCommand("help"));
      const res = await d.post(body, signedHeaders(d.keys.privateKey, body, seconds(offset)));
      expect(res.status, `offset ${offset}`).toBe(200);
      expect(res.json?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    }
  });
});
