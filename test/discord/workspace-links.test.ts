import { InteractionResponseType, MessageFlags, type APIInteraction, type APIInteractionResponse } from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDiscord } from "../../bots/discord/start-discord.ts";
import { slackHarness, TEAM, type SlackHarness } from "../slack/slack-harness.ts";
import { startFakeDiscord, type FakeDiscord } from "./fake-discord.ts";
import { BOT_TOKEN, APP_ID, GUILD_ID, guildCreate, PERMISSIONS, slashCommand } from "./interactions.ts";

type Answer = APIInteractionResponse & { data?: { content?: string; flags?: number; embeds?: { title?: string; footer?: { text: string } }[] } };

/**
 * #19 part 3 end to end: a Discord server (real discord.js gateway client against the fake
 * Discord) and a Slack workspace (Bolt against the fake Slack) on one engine and store, linked
 * into one credit pool by their admins, then unlinked.
 */
describe("one team, one pool, both platforms (Discord gateway + Slack)", () => {
  let h: SlackHarness;
  let discord: FakeDiscord;
  let stopDiscord: () => Promise<void>;

  beforeEach(async () => {
    h = await slackHarness({ admins: ["U0ADMIN"] });
    discord = await startFakeDiscord({ applicationId: APP_ID, botToken: BOT_TOKEN });
    const edge = await startDiscord({
      // No public key: interactions come over the gateway, to the real discord.js Client.
      config: { DISCORD_API_URL: discord.apiUrl, DISCORD_TOKEN: BOT_TOKEN, DISCORD_PUBLIC_KEY: undefined, DISCORD_APPLICATION_ID: undefined },
      engine: h.engine,
      storage: h.storage,
      http: h.http,
      logger: h.logger,
      publicUrl: () => h.base,
    });
    stopDiscord = () => edge!.stop();
    discord.dispatch("GUILD_CREATE", guildCreate("Lighthouse Club"));
  });
  afterEach(async () => {
    await stopDiscord();
    await h.cleanup();
    await discord.close();
  });

  /** Dispatches a slash command over the gateway and returns its interaction response. */
  async function onDiscord(name: string, options: Record<string, string | boolean> = {}, permissions: string = PERMISSIONS.administrator): Promise<Answer> {
    const interaction: APIInteraction = slashCommand(name, options, { permissions });
    discord.dispatch("INTERACTION_CREATE", interaction);
    const call = await discord.waitFor((c) => c.method === "POST" && c.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
    const answer = call.body as unknown as Answer;
    if (answer.type !== InteractionResponseType.DeferredChannelMessageWithSource) return answer;
    // Deferred (/show, /credits with a chart): the answer is the edit of the original reply.
    const edit = await discord.waitFor((c) => c.method === "PATCH" && c.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`);
    return { type: answer.type, data: { ...answer.data, ...(edit.body as Answer["data"]) } } as Answer;
  }

  /** A Slack slash command's answer through its response_url. */
  async function onSlack(command: string, text: string, user = "U0ADMIN"): Promise<string> {
    const id = `${command.slice(1)}-${user}-${Math.random().toString(36).slice(2)}`;
    const res = await h.slash(command, text, { user, responseId: id });
    expect(res.status).toBe(200);
    const body = (await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === id))).body as { text: string; response_type: string };
    expect(body.response_type).toBe("ephemeral");
    return body.text;
  }

  const sides = async () => ({
    guild: (await h.store.workspaces.findByExternal("discord", GUILD_ID))!,
    team: (await h.store.workspaces.findByExternal("slack", TEAM))!,
  });
  const expectBalanced = async () => {
    const { guild, team } = await sides();
    for (const ws of [guild, team]) expect(await h.store.credits.ledgerSum(ws.id)).toBe(ws.balance);
  };

  it("a Discord admin's code links the Slack workspace; a Slack job is charged to the pool and /show finds it from Discord; /unlink says what each side keeps", async () => {
    const issued = await onDiscord("link");
    expect(issued.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(issued.data?.flags).toBe(MessageFlags.Ephemeral);
    const code = /Link code: ([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(issued.data?.content ?? "")?.[1];
    expect(code).toBeDefined();

    // A Slack member who is not an admin is refused, and nothing is linked.
    expect(await onSlack("/link", code!, "U0ALICE")).toBe("Only workspace admins and owners can use /link.");
    expect(await h.store.links.list()).toEqual([]);

    expect(await onSlack("/link", code!)).toMatch(/^Linked: Slack workspace "pixorly-test" and Discord server "Lighthouse Club" now share one credit pool/);
    // The same code entered twice: refused in clear words, nothing changes.
    const linked = await sides();
    expect(await onSlack("/link", code!)).toMatch(/already used/);
    expect(await sides()).toEqual(linked);
    expect(linked.team.balance).toBe(0);
    expect(linked.guild.balance).toBe(20);
    await expectBalanced();

    // A Slack member's job is charged to the pool, which the Discord server holds.
    expect((await h.slash("/imagine", "a ferry crossing the bay", { user: "U0ALICE" })).status).toBe(200);
    const [job] = await h.store.jobs.list({ workspaceId: linked.team.id, limit: 1 });
    expect(job).toMatchObject({ prompt: "a ferry crossing the bay", creditsCharged: 1 });
    expect((await h.settled(job!.id)).status).toBe("completed");
    const charged = await sides();
    expect(charged.guild.balance).toBe(19);
    expect(charged.team.balance).toBe(0);
    await expectBalanced();

    // A Discord member (no admin rights) finds the Slack side's job with /show.
    const shown = await onDiscord("show", { job: job!.id }, PERMISSIONS.member);
    expect(JSON.stringify(shown)).toContain("a ferry crossing the bay");
    expect(shown.data?.content ?? "").not.toMatch(/No job/);

    // /credits on both sides: one pool, and which side spent what.
    const credits = await onDiscord("credits");
    expect(credits.data?.content).toContain('19 credits left in the pool shared with Slack workspace "pixorly-test"');
    expect(credits.data?.content).toContain('Slack workspace "pixorly-test": 1 credit spent');
    expect(await onSlack("/credits", "")).toContain('19 credits left in the pool shared with Discord server "Lighthouse Club"');

    // /unlink asks first, then splits: the Slack side brought 10 and spent 1.
    expect((await onDiscord("unlink")).data?.content).toContain("To end the link: `/unlink confirm:True`");
    expect(await h.store.links.list()).toHaveLength(1);
    const done = await onSlack("/unlink", "--confirm");
    expect(done).toBe(
      'Unlinked: Discord server "Lighthouse Club" and Slack workspace "pixorly-test" have their own credits again. Kept: Discord server "Lighthouse Club" 10 credits, Slack workspace "pixorly-test" 9 credits. Credits already spent stay spent.',
    );
    const after = await sides();
    expect([after.guild.balance, after.team.balance]).toEqual([10, 9]);
    await expectBalanced();
    expect((await onDiscord("show", { job: job!.id }, PERMISSIONS.member)).data?.content).toMatch(/No job/);
  });

  it("a non-admin on Discord cannot ask for a code, and an unknown code is refused on Slack, both with nothing changed", async () => {
    const refused = await onDiscord("link", {}, PERMISSIONS.member);
    expect(refused.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: "Only workspace admins (Manage Server or Administrator) can use /link." });
    await onSlack("/credits", "");
    const before = await h.store.workspaces.list();
    const ledgers = await Promise.all(before.map((w) => h.store.credits.list(w.id, 100)));
    expect(await onSlack("/link", "ABCDE-FGHJK")).toMatch(/^That link code is not one Pixorly issued/);
    expect(await h.store.workspaces.list()).toEqual(before);
    expect(await Promise.all(before.map((w) => h.store.credits.list(w.id, 100)))).toEqual(ledgers);
    expect(await h.store.links.list()).toEqual([]);
  });

  it("a Slack admin's code links the Discord server the other way round; an expired code is refused on Discord with nothing changed", async () => {
    const first = /Link code: (\S+)/.exec(await onSlack("/link", ""))![1]!;
    await onDiscord("credits");
    const before = await sides();
    h.clock.advance(10 * 60_000);
    const expired = await onDiscord("link", { code: first });
    expect(expired.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^That link code has expired \(codes last 10 minutes\)/) });
    expect(await sides()).toEqual(before);
    expect(await h.store.links.list()).toEqual([]);

    const second = /Link code: (\S+)/.exec(await onSlack("/link", ""))![1]!;
    expect((await onDiscord("link", { code: second })).data?.content).toMatch(/now share one credit pool, held by Slack workspace "pixorly-test"/);
    const { guild, team } = await sides();
    expect([team.balance, guild.balance]).toEqual([20, 0]);
    await expectBalanced();
    expect(await onSlack("/link", "")).toMatch(/^Slack workspace "pixorly-test" shares one credit pool with Discord server "Lighthouse Club" since \d{4}-\d{2}-\d{2} \(held by Slack workspace "pixorly-test"\)/);
  });
});
