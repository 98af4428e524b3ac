import { generateKeyPairSync, pbkdf2 } from "node:crypto";
import { once } from "node:events";
import { connect } from "node:net";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags } from "discord.js";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import { discordHarness, heldProvider, type DiscordHarness } from "./discord-harness.ts";
import { APP_ID, buttonPress, CHANNEL_ID, signedHeaders, slashCommand, USER_ID } from "./interactions.ts";

type Embed = { title?: string; image?: { url: string }; footer?: { text: string } };

describe("Discord over HTTP interactions (signed requests to the product's server)", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("answers PING with PONG", async () => {
    d = await discordHarness({ transport: "http" });
    const res = await d.post(JSON.stringify({ id: "1", application_id: APP_ID, type: 1, token: "t", version: 1 }));
    expect(res).toEqual({ status: 200, json: { type: InteractionResponseType.Pong } });
  });

  it("queues /imagine in the response, then edits the reply with the attached image and buttons", async () => {
    d = await discordHarness({ transport: "http" });
    const interaction = slashCommand("imagine", { prompt: "a lighthouse at dusk" });
    const response = await d.send(interaction);
    expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(response.data?.content).toBe("Queued — position 1, costs 1 credit");
    expect(response.data?.flags).toBeUndefined();

    const edit = await d.finalEdit(interaction);
    expect(edit.files).toHaveLength(1);
    expect(Uint8Array.from(edit.files[0]!.bytes)).toEqual(FAKE_PNG);
    const embeds = edit.body?.embeds as Embed[];
    expect(embeds[0]!.title).toBe("a lighthouse at dusk");
    expect(embeds[0]!.image!.url).toBe(`attachment://${edit.files[0]!.name}`);
    const jobId = embeds[0]!.footer!.text;
    const ids = (edit.body?.components as { components: { custom_id: string }[] }[]).flatMap((row) => row.components.map((b) => b.custom_id));
    expect(ids).toEqual([...["regenerate", "variations", "save", "details", "delete"].map((a) => `px:${a}:${jobId}`), `px:remix:${jobId}:0`]);
    expect(edit.body?.allowed_mentions).toEqual({ parse: [] });
    expect(d.fake.calls.filter((c) => c.status === 404)).toEqual([]);
  });

  it("refuses unsigned, forged, tampered, malformed and oversized requests before anything reaches the engine", async () => {
    d = await discordHarness({ transport: "http" });
    const body = JSON.stringify(slashCommand("imagine", { prompt: "a lighthouse" }));
    const stranger = generateKeyPairSync("ed25519");
    const headers = signedHeaders(d.keys.privateKey, body);

    expect((await d.post(body, { "content-type": "application/json" })).status).toBe(401);
    expect((await d.post(body, { ...headers, "x-signature-timestamp": "" })).status).toBe(401);
    expect((await d.post(body, signedHeaders(stranger.privateKey, body))).status).toBe(401);
    expect((await d.post(body, { ...headers, "x-signature-ed25519": "zz".repeat(64) })).status).toBe(401);
    expect((await d.post(body.replace("lighthouse", "lightning"), headers)).status).toBe(401);
    const replayedTimestamp = { ...headers, "x-signature-timestamp": String(Number(headers["x-signature-timestamp"]) + 1) };
    expect((await d.post(body, replayedTimestamp)).status).toBe(401);
    expect((await d.post("{not json")).status).toBe(400);
    expect((await d.post(JSON.stringify({ hello: "world" }))).status).toBe(400);
    const oversized = JSON.stringify({ ...JSON.parse(body), padding: "x".repeat(200 * 1024) });
    expect((await d.post(oversized)).status).toBe(413);

    expect(await d.workspace()).toBeNull();
    expect(d.h.provider().calls).toEqual([]);
    expect(d.fake.calls).toEqual([]);
  });

  it("a client that hangs up while its signature is checked (on the thread pool) gets nothing done: no job, no charge", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const body = JSON.stringify(slashCommand("imagine", { prompt: "a lighthouse" }));
    const headers = signedHeaders(d.keys.privateKey, body);
    // Occupy every thread-pool thread, so the check waits there until the hang-up has arrived.
    const poolBusy = Array.from({ length: 8 }, () => promisify(pbkdf2)("x", "y", 300_000, 32, "sha512"));
    const { port } = new URL(d.baseUrl());
    const socket = connect(Number(port), "127.0.0.1");
    await once(socket, "connect");
    const head = Object.entries({ ...headers, host: "127.0.0.1", "content-length": String(Buffer.byteLength(body)) }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`POST /discord/interactions HTTP/1.1\r\n${head.join("")}\r\n${body}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    await Promise.all(poolBusy);
    // The check has answered by now; whatever it led to would be under way.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await d.workspace()).toBeNull();
    // The same request, from a client that waits for its answer, is served as ever.
    expect((await d.post(body, headers)).json?.data?.content).toBe("Queued — position 1, costs 1 credit");
  });

  it("charges once when Discord delivers the same interaction twice", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const interaction = slashCommand("imagine", { prompt: "a lighthouse" });
    const first = await d.send(interaction);
    const second = await d.send(interaction);
    expect(first.data?.content).toBe("Queued — position 1, costs 1 credit");
    expect(second.data?.content).toBe("Already queued — position 1");

    const workspace = (await d.workspace())!;
    expect(await d.h.store.jobs.list({ workspaceId: workspace.id, limit: 10 })).toHaveLength(1);
    const charges = (await d.h.store.credits.list(workspace.id, 10)).filter((e) => e.kind === "charge");
    expect(charges).toHaveLength(1);
    expect(workspace.balance).toBe(9);
  });

  it("private:true answers ephemerally, and the image stays out of the channel's collection", async () => {
    d = await discordHarness({ transport: "http" });
    const interaction = slashCommand("imagine", { prompt: "a secret garden", private: true });
    const response = await d.send(interaction);
    expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
    const edit = await d.finalEdit(interaction);
    expect(edit.files).toHaveLength(1);
    const jobId = (edit.body?.embeds as Embed[])[0]!.footer!.text;
    expect(await d.h.store.jobs.get(jobId)).toMatchObject({ private: true, status: "completed" });

    const collection = await d.send(slashCommand("collection"));
    expect(collection.data?.content).toMatch(/— 0 image\(s\)/);
  });

  it("links public image URLs in embeds instead of attaching bytes", async () => {
    d = await discordHarness({ transport: "http", storage: "public" });
    const interaction = slashCommand("imagine", { prompt: "a lighthouse", count: 2 });
    await d.send(interaction);
    const edit = await d.finalEdit(interaction);
    expect(edit.files).toEqual([]);
    expect(edit.body?.attachments).toEqual([]);
    const urls = (edit.body?.embeds as Embed[]).map((e) => e.image?.url);
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(url).toMatch(/^https:\/\/images\.pixorly\.example\/images\/.+\.png$/);
  });

  it("mentions the requester in a follow-up when a job took more than a minute (an edit notifies no one)", async () => {
    d = await discordHarness({ transport: "http" });
    const release = heldProvider(d);
    const interaction = slashCommand("imagine", { prompt: "a slow lighthouse" });
    const { data } = await d.send(interaction);
    const jobId = (data?.embeds as Embed[])[0]!.footer!.text;
    await d.h.waitForJob(jobId, (j) => j.status === "processing");
    d.h.clock.advance(90_000);
    release();

    const followUp = await d.fake.waitFor((c) => c.method === "POST" && c.path === `/webhooks/${APP_ID}/${interaction.token}`);
    expect(followUp.body).toMatchObject({ content: expect.stringMatching(new RegExp(`^<@${USER_ID}> Done`)), allowed_mentions: { parse: [], users: [USER_ID] } });
  });

  it("posts a result that outlives the 15-minute token as a new channel message with the bot token", async () => {
    d = await discordHarness({ transport: "http" });
    const release = heldProvider(d);
    const interaction = slashCommand("imagine", { prompt: "a very slow lighthouse" });
    const { data } = await d.send(interaction);
    const jobId = (data?.embeds as Embed[])[0]!.footer!.text;
    await d.h.waitForJob(jobId, (j) => j.status === "processing");
    d.h.clock.advance(16 * 60_000);
    release();

    const post = await d.fake.waitFor((c) => c.method === "POST" && c.path === `/channels/${CHANNEL_ID}/messages`);
    expect(post.auth).toBe("Bot fake-bot-token");
    expect(post.body).toMatchObject({ content: expect.stringMatching(new RegExp(`^<@${USER_ID}> Done`)), enforce_nonce: true, allowed_mentions: { users: [USER_ID] } });
    expect(String(post.body?.nonce)).toHaveLength(25);
    expect(post.files).toHaveLength(1);
    // Past the token's life nothing edits the old reply.
    expect(d.fake.calls.filter((c) => c.method === "PATCH" && /Done/.test(String(c.body?.content)))).toEqual([]);

    // Deleting the images from the posted message updates it in place and posts nothing new.
    const deleted = await d.send(buttonPress(`px:delete:${jobId}`));
    expect(deleted.type).toBe(InteractionResponseType.UpdateMessage);
    await d.h.engine.delivery.idle();
    expect(d.fake.calls.filter((c) => c.path === `/channels/${CHANNEL_ID}/messages`)).toHaveLength(1);
  });

  it("sends a private result that outlives the token to the requester's DMs, without buttons", async () => {
    d = await discordHarness({ transport: "http" });
    const release = heldProvider(d);
    const { data } = await d.send(slashCommand("imagine", { prompt: "a secret lighthouse", private: true }));
    const jobId = (data?.embeds as Embed[])[0]!.footer!.text;
    await d.h.waitForJob(jobId, (j) => j.status === "processing");
    d.h.clock.advance(16 * 60_000);
    release();

    const dm = await d.fake.waitFor((c) => c.method === "POST" && c.path === "/users/@me/channels");
    expect(dm.body).toEqual({ recipient_id: USER_ID });
    const post = await d.fake.waitFor((c) => c.method === "POST" && c.path === `/channels/9${USER_ID}/messages`);
    expect(post.body).toMatchObject({ components: [], content: expect.stringMatching(new RegExp(`^<@${USER_ID}> Done`)) });
    expect(d.fake.calls.filter((c) => c.path === `/channels/${CHANNEL_ID}/messages`)).toEqual([]);
  });

  it("retries an edit that reaches Discord before the reply it edits (another process sent the reply)", async () => {
    d = await discordHarness({ transport: "http" });
    const release = heldProvider(d);
    const interaction = slashCommand("imagine", { prompt: "a lighthouse" });
    const token = interaction.token;
    // Posted without telling the fake about the reply, as if Discord were still processing it.
    const { json } = await d.post(JSON.stringify(interaction));
    const jobId = (json?.data?.embeds as Embed[])[0]!.footer!.text;
    await d.fake.waitFor((c) => c.method === "PATCH" && c.path.includes(token) && c.status === 404);
    // The job finishes while the refused progress edit waits to retry; without the retry the
    // final edit would be refused too and never sent again.
    release();
    await d.h.settled(jobId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    d.fake.replied(token);
    const edit = await d.fake.waitFor((c) => c.method === "PATCH" && c.path.includes(token) && c.status === 200 && /^Done/.test(String(c.body?.content)));
    expect(edit.files).toHaveLength(1);
  });

  it("without DISCORD_TOKEN says in the log and in /help that late results cannot be posted", async () => {
    d = await discordHarness({ transport: "http", botToken: false });
    expect(d.logs.some((l) => l.level === 40 && /DISCORD_TOKEN is not set/.test(String(l.msg)))).toBe(true);
    const release = heldProvider(d);
    const { data } = await d.send(slashCommand("imagine", { prompt: "a lighthouse" }));
    const jobId = (data?.embeds as Embed[])[0]!.footer!.text;
    await d.h.waitForJob(jobId, (j) => j.status === "processing");
    d.h.clock.advance(16 * 60_000);
    release();
    await d.h.settled(jobId);
    await d.h.engine.delivery.idle();
    expect(d.logs.some((l) => l.jobId === jobId && /outlived its 15-minute interaction token/.test(String(l.msg)))).toBe(true);
    expect(d.fake.calls.filter((c) => c.path.startsWith("/channels/"))).toEqual([]);

    const help = await d.send(slashCommand("help"));
    expect(help.data?.content).toMatch(/without a bot token/);
  });
});
