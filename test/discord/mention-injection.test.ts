import { afterEach, describe, expect, it } from "vitest";
import type { APIInteraction } from "discord.js";
import { createGatewayClient } from "../../bots/discord/gateway-transport.ts";
import { discordHarness, heldProvider, type DiscordHarness } from "./discord-harness.ts";
import { MESSAGE_RESPONSE_TYPES, type RecordedCall } from "./fake-discord.ts";
import { APP_ID, autocomplete, buttonPress, CHANNEL_ID, guildCreate, PERMISSIONS, slashCommand, USER_ID } from "./interactions.ts";

/**
 * Mention, link and entity tricks a person can type. None may ping anyone (allowed_mentions
 * parses nothing) and none may render as a mention, a channel link or a hidden link.
 */
const TRICKS = [
  "@everyone",
  "@here",
  "<@123>",
  "<@!123>",
  "<@&456>",
  "<#789>",
  "</imagine:1>",
  "[x](http://evil.example)",
  "&lt;!channel&gt;",
  "<!channel>",
  "@\u200beveryone",
  "<\u200b@123>",
  "\u200b[y]\u200b(http://evil.example/2)",
];
const CORPUS = TRICKS.join(" ");
/** Short enough to ride in a search page button's custom_id. */
const SHORT = "<@&456> @here";

const admin = { userId: "400000000000000009", permissions: PERMISSIONS.manageServer };

/** Every piece of text Discord would render from a message body. */
function renderedText(body: Record<string, unknown> | null | undefined): string[] {
  if (!body) return [];
  const out: string[] = [];
  if (typeof body.content === "string") out.push(body.content);
  for (const embed of (body.embeds ?? []) as Record<string, unknown>[]) {
    for (const key of ["title", "description"]) if (typeof embed[key] === "string") out.push(embed[key] as string);
    const footer = embed.footer as { text?: string } | undefined;
    if (footer?.text) out.push(footer.text);
    for (const field of (embed.fields ?? []) as { name: string; value: string }[]) out.push(field.name, field.value);
  }
  return out;
}

/** What would still be live markup: a mention Discord parses (other than our own ping of the requester), @everyone/@here, a masked link. */
function liveMarkup(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/<(@[!&]?\d+|#\d+|\/[\w-]+:\d+|![\w]+)>/g)) if (m[0] !== `<@${USER_ID}>`) found.push(m[0]);
  for (const m of text.matchAll(/@(everyone|here)\b/gi)) found.push(m[0]);
  // An unescaped [text](url): Discord would show "text" and hide the url.
  for (const m of text.matchAll(/(?<!\\)\[[^\]\n]*(?<!\\)\]\(\s*https?:/g)) found.push(m[0]);
  return found;
}

/** Every message-carrying call the bot made to (fake) Discord. */
function messageCalls(d: DiscordHarness): RecordedCall[] {
  return d.fake.calls.filter(
    (c) =>
      (c.method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(c.path) && MESSAGE_RESPONSE_TYPES.includes(Number(c.body?.type))) ||
      (c.path.startsWith(`/webhooks/${APP_ID}/`) && (c.method === "PATCH" || c.method === "POST")) ||
      (c.method === "POST" && /^\/channels\/\d+\/messages$/.test(c.path)),
  );
}

/** Runs every command and every button with the corpus in each field a person controls. */
async function throughEveryCommandAndButton(d: DiscordHarness): Promise<void> {
  const footer = (body: Record<string, unknown> | null | undefined) => (body?.embeds as { footer: { text: string } }[])[0]!.footer.text;
  const named = <T extends APIInteraction>(interaction: T): T => {
    // Display names come from people too: the member's nickname names "My saved images".
    if (interaction.member) interaction.member.nick = CORPUS.slice(0, 32);
    return interaction;
  };

  const imagine = named(slashCommand("imagine", { prompt: CORPUS, negative: CORPUS }));
  await d.send(imagine);
  const done = await d.finalEdit(imagine);
  const jobId = footer(done.body);

  await d.send(named(slashCommand("imagine", { prompt: CORPUS, private: true })));
  await d.send(named(slashCommand("imagine", { prompt: CORPUS, model: CORPUS.slice(0, 100) })));
  await d.send(named(slashCommand("jobs")));
  const show = named(slashCommand("show", { job: jobId }));
  await d.send(show);
  await d.finalEdit(show, /^Done/);
  await d.send(named(slashCommand("show", { job: CORPUS })));
  await d.send(named(slashCommand("cancel", { job: CORPUS })));
  await d.send(named(slashCommand("search", { words: CORPUS.slice(0, 200) })));
  await d.send(named(slashCommand("search", { words: SHORT })));
  await d.send(named(slashCommand("help", { command: CORPUS })));
  await d.send(named(slashCommand("credits", {}, admin)));
  await d.send(named(slashCommand("credits")));
  await d.send(named(autocomplete("imagine", "model", CORPUS)));

  for (const action of ["details", "save", "regenerate", "variations"]) await d.send(named(buttonPress(`px:${action}:${jobId}`)));
  await d.send(named(slashCommand("collection")));
  await d.send(named(buttonPress("px:collection:mine:1")));
  await d.send(named(buttonPress(`px:search:1:${SHORT}`)));
  await d.send(named(buttonPress(`px:search:2:${SHORT}`)));
  await d.send(named(buttonPress(`px:delete:${jobId}`)));

  // A queued job's Cancel button, and a long job: its follow-up pings the requester, and only them.
  const release = heldProvider(d);
  const slow = named(slashCommand("imagine", { prompt: CORPUS }));
  const slowId = footer((await d.send(slow)).data);
  const queued = named(slashCommand("imagine", { prompt: `${CORPUS} 2` }));
  const queuedId = footer((await d.send(queued)).data);
  await d.send(named(buttonPress(`px:cancel:${queuedId}`)));
  await d.h.waitForJob(slowId, (j) => j.status === "processing");
  d.h.clock.advance(90_000);
  release();
  await d.fake.waitFor((c) => c.method === "POST" && c.path === `/webhooks/${APP_ID}/${slow.token}`);

  // A result that outlives the interaction token is posted to the channel, and a private one to DMs.
  for (const isPrivate of [false, true]) {
    const releaseLate = heldProvider(d);
    const late = named(slashCommand("imagine", { prompt: CORPUS, private: isPrivate }));
    const lateId = footer((await d.send(late)).data);
    await d.h.waitForJob(lateId, (j) => j.status === "processing");
    d.h.clock.advance(16 * 60_000);
    releaseLate();
    const channel = isPrivate ? `9${USER_ID}` : CHANNEL_ID;
    await d.fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${channel}/messages`);
  }
  await d.h.engine.delivery.idle();

  // Last: these settings would refuse the prompts above.
  await d.send(named(slashCommand("apikey", { action: "create", name: CORPUS.slice(0, 40) }, admin)));
  await d.send(named(slashCommand("settings", { allowed_models: CORPUS.slice(0, 80) }, admin)));
  await d.send(named(slashCommand("settings", { block_words: TRICKS.slice(0, 6).join(","), channels: "<#789>,@everyone" }, admin)));
  await d.send(named(slashCommand("settings", {}, admin)));
}

function expectEveryMessageInert(d: DiscordHarness): void {
  const bodies: { where: string; body: Record<string, unknown> }[] = [];
  for (const call of messageCalls(d)) {
    const body = call.path.endsWith("/callback") ? (call.body?.data as Record<string, unknown>) : call.body;
    bodies.push({ where: `${call.method} ${call.path}`, body: body ?? {} });
  }
  for (const res of d.responses) {
    if (res.json && MESSAGE_RESPONSE_TYPES.includes(res.json.type)) bodies.push({ where: "HTTP response", body: res.json.data ?? {} });
  }
  // Enough traffic that a path left out would be noticed: responses, edits, follow-ups, posts.
  expect(bodies.length).toBeGreaterThan(30);
  for (const { where, body } of bodies) {
    const allowed = body.allowed_mentions as { parse: string[]; users?: string[]; roles?: string[] } | undefined;
    expect(allowed, where).toBeDefined();
    expect(allowed!.parse, where).toEqual([]);
    expect(allowed!.roles ?? [], where).toEqual([]);
    // Only the requester, from the interaction, never an id typed in the prompt.
    expect(allowed!.users ?? [], where).toEqual((allowed!.users ?? []).length ? [USER_ID] : []);
    for (const text of renderedText(body)) expect(liveMarkup(text), `${where}: ${JSON.stringify(text)}`).toEqual([]);
  }
  // The Slack-style entity stays literal text on Discord (nothing decodes it into <!channel>).
  expect(bodies.some(({ body }) => renderedText(body).some((t) => t.includes("&lt;!channel&gt;")))).toBe(true);
  // The fake refused no message: none lacked the gate.
  expect(d.fake.calls.filter((c) => c.status === 400)).toEqual([]);
}

describe("Platform rule: no message Pixorly sends to Discord can ping or render a mention from someone's text (allowed_mentions parses nothing)", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("the discord.js Client's own default parses nothing too (for anything sent through its structures)", async () => {
    const client = createGatewayClient("http://127.0.0.1:9/api");
    expect(client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
    await client.destroy();
  });

  it("over HTTP interactions: every response, edit, follow-up, channel post and DM", async () => {
    d = await discordHarness({ transport: "http" });
    await throughEveryCommandAndButton(d);
    expectEveryMessageInert(d);
    expect(d.fake.calls.some((c) => c.path === `/channels/9${USER_ID}/messages`)).toBe(true);
  }, 60_000);

  it("over the gateway: every interaction callback, edit, follow-up, channel post and DM", async () => {
    d = await discordHarness({ transport: "gateway" });
    d.fake.dispatch("GUILD_CREATE", guildCreate(CORPUS.slice(0, 100)));
    await throughEveryCommandAndButton(d);
    expectEveryMessageInert(d);
    // The server's name (a person chose it) reached a message, inert.
    expect((await d.workspace())?.name).toBe(CORPUS.slice(0, 100));
  }, 60_000);
});
