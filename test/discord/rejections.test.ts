import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags } from "discord.js";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { APP_ID, GUILD_ID, PERMISSIONS, slashCommand, USER_ID } from "./interactions.ts";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const admin = { userId: "400000000000000009", permissions: PERMISSIONS.manageServer };

interface Case {
  name: string;
  code: string;
  options: Record<string, string | number | boolean>;
  /** Puts the workspace in the state that causes the rejection. */
  setup?: (d: DiscordHarness) => Promise<void>;
  message: RegExp;
}

const CASES: Case[] = [
  { name: "an empty prompt", code: "INVALID_PROMPT", options: { prompt: "   " }, message: /prompt is empty/ },
  { name: "a blocked prompt", code: "BLOCKED_PROMPT", options: { prompt: "a snuff film" }, message: /does not allow prompts containing "snuff"/ },
  { name: "an unknown model", code: "UNKNOWN_MODEL", options: { prompt: "a fox", model: "no-such-model" }, message: /Unknown model "no-such-model"/ },
  { name: "an unknown aspect ratio", code: "UNSUPPORTED_ASPECT", options: { prompt: "a fox", aspect: "5:4" }, message: /Unknown aspect ratio/ },
  { name: "too many images", code: "TOO_MANY_IMAGES", options: { prompt: "a fox", count: 9 }, message: /1 to 4 images/ },
  {
    name: "not enough credits",
    code: "INSUFFICIENT_CREDITS",
    options: { prompt: "a fox", count: 2 },
    setup: async (d) => {
      const ws = (await d.workspace())!;
      await d.h.store.credits.append({ workspaceId: ws.id, kind: "adjustment", amount: 1 - ws.balance, reason: "test", now: d.h.clock.now() });
    },
    message: /Not enough credits: this costs 2 and the workspace has 1/,
  },
  {
    name: "a full queue",
    code: "QUEUE_FULL",
    options: { prompt: "a fox" },
    setup: async (d) => {
      for (let i = 0; i < 3; i++) expect((await d.send(slashCommand("imagine", { prompt: `fox ${i}` }))).data?.flags).toBeUndefined();
    },
    message: /already have 3 requests waiting/,
  },
  {
    name: "the daily cap",
    code: "DAILY_CAP",
    options: { prompt: "a fox", count: 2 },
    setup: async (d) => {
      expect((await d.send(slashCommand("settings", { daily_cap: 1 }, admin))).data?.content).toMatch(/^Settings saved/);
    },
    message: /Daily limit reached/,
  },
  {
    name: "a banned member",
    code: "BANNED",
    options: { prompt: "a fox" },
    setup: async (d) => {
      const { member } = await d.h.engine.resolve(d.h.actor(USER_ID, GUILD_ID));
      await d.h.store.workspaces.updateMember(member.id, { banned: true });
    },
    message: /blocked you/,
  },
  {
    name: "a channel outside the allow-list",
    code: "CHANNEL_NOT_ALLOWED",
    options: { prompt: "a fox" },
    setup: async (d) => {
      expect((await d.send(slashCommand("settings", { channels: "<#399999999999999999>" }, admin))).data?.content).toMatch(/^Settings saved/);
    },
    message: /not enabled in this channel/,
  },
  {
    name: "an inactive workspace",
    code: "WORKSPACE_INACTIVE",
    options: { prompt: "a fox" },
    setup: (d) => d.h.engine.deactivateWorkspace("discord", GUILD_ID),
    message: /not active in this workspace/,
  },
];

describe("every /imagine rejection is an ephemeral reply that costs nothing", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it.each(CASES)("$code: $name", async ({ options, setup, message }) => {
    d = await discordHarness({ transport: "http", workers: false });
    await d.send(slashCommand("credits"));
    await setup?.(d);
    const workspace = (await d.workspace())!;
    const before = { balance: workspace.balance, jobs: await d.h.store.jobs.list({ workspaceId: workspace.id, limit: 50 }) };

    const response = await d.send(slashCommand("imagine", options));
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(String(response.data?.content)).toMatch(message);

    const after = (await d.workspace())!;
    expect(after.balance).toBe(before.balance);
    expect(await d.h.store.jobs.list({ workspaceId: workspace.id, limit: 50 })).toEqual(before.jobs);
    expect(d.fake.calls.filter((c) => c.path.startsWith("/webhooks/"))).toEqual([]);
  });
});

describe("admin-only commands", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("/settings refuses members and accepts Manage Server, Administrator and ADMIN_USER_IDS", async () => {
    const operator = "400000000000000077";
    d = await discordHarness({ transport: "http", workers: false, adminUserIds: [`discord:${operator}`] });
    const refused = await d.send(slashCommand("settings", { sharing: "off" }));
    expect(refused.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^Only workspace admins/) });
    expect((await d.workspace())!.settings.sharingEnabled).toBe(true);
    expect((await d.send(slashCommand("settings"))).data?.content).toMatch(/^Only workspace admins/);

    const who = [admin, { userId: "400000000000000010", permissions: PERMISSIONS.administrator }, { userId: operator }];
    for (const [i, member] of who.entries()) {
      const cap = 10 + i;
      const saved = await d.send(slashCommand("settings", { daily_cap: cap }, member));
      expect(saved.data?.content).toMatch(new RegExp(`^Settings saved[\\s\\S]*Member daily cap: ${cap} credits`));
    }
    expect((await d.workspace())!.settings.memberDailyCap).toBe(12);
  });

  it("/credits shows members their own usage and admins the per-member and per-model breakdowns", async () => {
    d = await discordHarness({ transport: "http" });
    const imagine = slashCommand("imagine", { prompt: "a fox", count: 2 });
    await d.send(imagine);
    await d.finalEdit(imagine);
    const member = slashCommand("credits");
    const mine = await d.send(member);
    expect(mine.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(mine.data?.content).toMatch(/8 credits left/);
    expect(mine.data?.content).not.toMatch(/Members, last 30 days|By model/);
    // A member's answer is immediate text: nothing deferred, nothing uploaded.
    expect(mine.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(d.fake.calls.filter((c) => c.path.includes(member.token))).toEqual([]);

    // An admin's carries the 30-day chart, so it is deferred (ephemeral) and uploaded as an edit.
    const asked = slashCommand("credits", {}, admin);
    const theirs = await d.send(asked);
    expect(theirs).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const edit = await d.fake.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${APP_ID}/${asked.token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.body?.content).toMatch(/Members, last 30 days/);
    expect(edit.body?.content).toMatch(/2 credits charged, 0 refunded; 100% of finished jobs succeeded\nBy model: local 2 images/);
    expect(edit.files).toHaveLength(1);
    const [chart] = edit.files;
    expect(chart).toMatchObject({ name: "usage.png", contentType: "image/png" });
    expect([...chart!.bytes.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect((edit.body?.embeds as { image?: { url: string } }[])[0]!.image!.url).toBe("attachment://usage.png");
    expect(edit.body?.attachments).toEqual([{ id: 0, filename: "usage.png" }]);
  });
});
