import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags } from "discord.js";
import { FAKE_PNG } from "../support/scripted-provider.ts";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { buttonPress, GUILD_ID, guildCreate, slashCommand } from "./interactions.ts";

const guild = guildCreate("Lighthouse Club");

type Row = { components: { custom_id: string }[] };
const buttonIds = (body: Record<string, unknown> | null | undefined) => ((body?.components ?? []) as Row[]).flatMap((r) => r.components.map((b) => b.custom_id));

describe("Discord over the gateway (real discord.js Client, fake Discord)", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  it("/imagine -> queued reply -> final edit with the attached image and buttons -> Regenerate and Save work", async () => {
    // A slow reply: the worker is done before Discord has the reply its edits must wait for.
    d = await discordHarness({ transport: "gateway", callbackDelayMs: 100 });
    d.fake.dispatch("GUILD_CREATE", guild);

    const imagine = slashCommand("imagine", { prompt: "a lighthouse at dusk", aspect: "16:9" });
    const reply = await d.send(imagine);
    expect(reply.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(reply.data?.content).toBe("Queued — position 1, costs 1 credit");

    const edit = await d.finalEdit(imagine);
    expect(edit.body?.content).toMatch(/^Done/);
    expect(edit.files.map((f) => Uint8Array.from(f.bytes))).toEqual([FAKE_PNG]);
    const jobId = String((edit.body?.embeds as { footer: { text: string } }[])[0]!.footer.text);
    expect(buttonIds(edit.body)).toContain(`px:regenerate:${jobId}`);
    // The gateway knows the server's name, so the workspace is named after it.
    expect((await d.workspace())?.name).toBe("Lighthouse Club");

    const regenerate = buttonPress(`px:regenerate:${jobId}`);
    const queued = await d.send(regenerate);
    expect(queued.data?.content).toBe("Queued — position 1, costs 1 credit");
    const rerunEdit = await d.finalEdit(regenerate);
    const rerunId = String((rerunEdit.body?.embeds as { footer: { text: string } }[])[0]!.footer.text);
    const rerun = await d.h.store.jobs.get(rerunId);
    expect(rerun).toMatchObject({ parentJobId: jobId, prompt: "a lighthouse at dusk", aspectRatio: "16:9", status: "completed" });

    const saved = await d.send(buttonPress(`px:save:${jobId}`));
    expect(saved.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(saved.data?.content).toMatch(/^Saved 1 image/);
    // Edits waited for their replies: Discord never had to refuse one.
    expect(d.fake.calls.filter((c) => c.status === 404)).toEqual([]);
    const mine = await d.h.engine.collectionPage(d.h.actor("400000000000000001", GUILD_ID), null, "saved", 1);
    expect(mine.images.map((i) => i.jobId)).toEqual([jobId]);
  });

  it("leaving a server (guildDelete) marks its workspace inactive, and /imagine there is then refused for free", async () => {
    d = await discordHarness({ transport: "gateway" });
    d.fake.dispatch("GUILD_CREATE", guild);
    await d.send(slashCommand("credits"));
    d.fake.dispatch("GUILD_DELETE", { id: GUILD_ID });
    await expect.poll(async () => (await d.workspace())?.active).toBe(false);

    const refused = await d.send(slashCommand("imagine", { prompt: "a lighthouse" }));
    expect(refused.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/not active/) });
    expect(await d.h.store.jobs.list({ workspaceId: (await d.workspace())!.id, limit: 5 })).toEqual([]);
  });
});
