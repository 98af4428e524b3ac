import { afterEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits, PermissionsBitField } from "discord.js";
import { commandDefinitions } from "../../bots/discord/command-definitions.ts";
import { inviteUrl } from "../../bots/discord/invite-url.ts";
import { registerCommands } from "../../bots/discord/register-commands.ts";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { COMMANDS } from "../../core/commands/command-table.ts";
import { startFakeDiscord, type FakeDiscord } from "./fake-discord.ts";
import { APP_ID, BOT_TOKEN, GUILD_ID } from "./interactions.ts";

describe("command registration and the invite URL", () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => fake?.close());

  it("builds every slash command from the core command table, required options first, guild-only", () => {
    const defs = commandDefinitions();
    expect(defs.map((d) => d.name)).toEqual(COMMANDS.map((c) => c.name));
    const imagine = defs.find((d) => d.name === "imagine")!;
    expect(imagine.contexts).toEqual([0]);
    // --remix is a text-form option: Discord has the Remix button instead.
    expect(imagine.options!.map((o) => o.name)).toEqual(["prompt", "model", "aspect", "count", "seed", "negative", "private", "image", "strength"]);
    // Discord's option types: ATTACHMENT is 11, NUMBER is 10.
    expect(imagine.options!.find((o) => o.name === "image")).toMatchObject({ type: 11 });
    expect(imagine.options!.find((o) => o.name === "strength")).toMatchObject({ type: 10, min_value: 0.05, max_value: 1 });
    expect(imagine.options![0]).toMatchObject({ required: true, max_length: 1500 });
    expect(imagine.options!.find((o) => o.name === "model")).toMatchObject({ autocomplete: true });
    expect(imagine.options!.find((o) => o.name === "count")).toMatchObject({ min_value: 1, max_value: 4 });
    const aspect = imagine.options!.find((o) => o.name === "aspect") as { choices: { name: string; value: string }[] };
    expect(aspect.choices.map((c) => [c.name, c.value])).toContainEqual(["16:9", "16:9"]);
    const search = defs.find((d) => d.name === "search")!;
    expect(search.options!.map((o) => [o.name, o.required])).toEqual([["words", true], ["page", false]]);
  });

  it("registers the commands in one server with DISCORD_GUILD_ID, asking Discord for the application id", async () => {
    fake = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN });
    const result = await registerCommands({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: undefined, DISCORD_GUILD_ID: GUILD_ID });
    expect(result).toEqual({ count: COMMANDS.length, scope: `server ${GUILD_ID}` });
    const put = fake.calls.find((c) => c.method === "PUT")!;
    expect(put.path).toBe(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`);
    expect(put.auth).toBe(`Bot ${BOT_TOKEN}`);
    await expect(registerCommands({ DISCORD_TOKEN: undefined, DISCORD_API_URL: fake.apiUrl, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_ID: undefined })).rejects.toThrow(/DISCORD_TOKEN/);
  });

  it("starts no Discord front end without Discord configuration", async () => {
    const unused = () => {
      throw new Error("must not be touched");
    };
    const edge = await startDiscord({
      config: { DISCORD_API_URL: "https://discord.com/api", DISCORD_TOKEN: undefined, DISCORD_PUBLIC_KEY: undefined, DISCORD_APPLICATION_ID: APP_ID },
      engine: { register: unused } as never,
      storage: {} as never,
      http: { mount: unused },
      logger: createLogger({ level: "silent", format: "json" }),
      publicUrl: () => "",
    });
    expect(edge).toBeNull();
  });

  it("invites with the bot and applications.commands scopes and only the permissions late posts need", () => {
    const url = new URL(inviteUrl(APP_ID));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe(APP_ID);
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    const granted = new PermissionsBitField(BigInt(url.searchParams.get("permissions")!));
    expect(granted.toArray().sort()).toEqual(["AttachFiles", "EmbedLinks", "SendMessages", "SendMessagesInThreads", "ViewChannel"]);
    expect(granted.has(PermissionFlagsBits.Administrator)).toBe(false);
  });
});
